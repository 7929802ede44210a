using Deploy.Recipes.Audit;
using Deploy.Recipes.Notifications;

namespace Deploy.Recipes.Tests.Notifications;

/// <summary>Release events as the recipe publishes them, with a known "what changed".</summary>
internal static class SampleEvents
{
    public static readonly ReleaseChanges Changes = new(
        "1.0.0-aaaa",
        new CommitRange("1111111", "2222222222222222222222222222222222222222", 3, ["Ann Author", "Bob Builder"], ["Fix checkout", "Add basket", "Bump deps"],
            "1111112 Bump deps", "2222222 Fix checkout", DateTimeOffset.Parse("2026-11-20T10:00:00Z")),
        ["20261101 AddBasket"], ["Shop__Basket"], ["Shop__Legacy"], ["Payment__LatencyMs"], "dddd", "cccc");

    public static ReleaseEvent Of(ReleaseEventKind kind, string? reason = null, string? previous = "1.0.0-aaaa", ReleaseChanges? changes = null) => new(
        kind, DateTimeOffset.Parse("2026-11-27T12:00:00Z"), "production", "ann", "2.0.0-bbbb", "2.0.0",
        $"Release 2.0.0 {kind.Name()} in production.", reason, changes ?? Changes, "http://127.0.0.1:5000/", "https://github.com/octo/shop/actions/runs/42", previous);
}
