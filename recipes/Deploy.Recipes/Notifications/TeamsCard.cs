using System.Text.Json.Nodes;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// The body a Teams workflow webhook is posted: a <c>message</c> with one attachment of content type
/// <c>application/vnd.microsoft.card.adaptive</c> holding an Adaptive Card 1.4 (a coloured title, the summary, a fact
/// set of environment, release, who, why and what changed, and buttons to the environment and the CI run).
/// </summary>
public static class TeamsCard
{
    /// <summary>The attachment content type Teams reads as an Adaptive Card.</summary>
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The JSON body for <paramref name="e"/>.</summary>
    public static JsonObject For(ReleaseEvent e)
    {
        var facts = new JsonArray
        {
            Fact("Environment", e.Environment),
            Fact("Release", e.Version == null ? "-" : e.Release == null ? e.Version : $"{e.Version} ({e.Release})"),
            Fact("By", e.Actor),
            Fact("When", e.TimeUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (e.Reason != null)
            facts.Add(Fact("Why", e.Reason));
        if (e.Previous != null)
            facts.Add(Fact("Previous", e.Previous));
        foreach (var (label, text) in ChangeSummary.Lines(e.Changes))
            facts.Add(Fact(label, text));

        var actions = new JsonArray();
        if (e.EnvironmentUrl != null)
            actions.Add(OpenUrl($"Open {e.Environment}", e.EnvironmentUrl));
        if (e.LogUrl != null)
            actions.Add(OpenUrl("CI run", e.LogUrl));

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "TextBlock", ["size"] = "Large", ["weight"] = "Bolder", ["wrap"] = true,
                    ["color"] = Color(EventHeadline.Tone(e.Kind)), ["text"] = EventHeadline.Title(e),
                },
                new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["text"] = e.Summary },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
            },
        };
        if (actions.Count > 0)
            card["actions"] = actions;

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = ContentType, ["contentUrl"] = null, ["content"] = card },
            },
        };
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static JsonObject OpenUrl(string title, string url) => new() { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url };

    private static string Color(EventTone tone) => tone switch
    {
        EventTone.Good => "Good",
        EventTone.Bad => "Attention",
        EventTone.Warning => "Warning",
        _ => "Default",
    };
}
