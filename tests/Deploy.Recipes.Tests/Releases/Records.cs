using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>Release records for history tests: a release's id is its version plus a fixed digest.</summary>
internal static class Records
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Id(string version) => $"{version}-0a1b2c3d";

    /// <summary>One record per (version, outcome), a minute apart, oldest first.</summary>
    public static List<ReleaseRecord> Of(params (string Version, string Outcome)[] records) =>
        records.Select((r, i) => new ReleaseRecord(Id(r.Version), r.Version, i % 2 == 0 ? "blue" : "green", Start.AddMinutes(i), r.Outcome, null, "ci", 10 + i)).ToList();
}
