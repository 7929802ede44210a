using System.Text.Json.Nodes;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// The body Slack's incoming webhook is posted: Block Kit <c>blocks</c> (a header, a section with the summary and
/// fields for environment, release, who and what changed, a context line with the links and the time) and
/// <c>text</c>, the fallback Slack shows in notifications and where blocks cannot be shown. Within Slack's documented
/// limits: a header's text at most 150 characters, at most 10 fields of at most 2,000 characters each.
/// </summary>
public static class SlackMessage
{
    /// <summary>The most characters Slack takes in a header block's text.</summary>
    public const int HeaderLimit = 150;

    /// <summary>The most fields Slack takes in one section block.</summary>
    public const int FieldLimit = 10;

    /// <summary>The most characters Slack takes in one field.</summary>
    public const int FieldTextLimit = 2000;

    /// <summary>The JSON body for <paramref name="e"/>.</summary>
    public static JsonObject For(ReleaseEvent e)
    {
        var title = EventHeadline.Title(e);
        var fields = new JsonArray
        {
            Field("Environment", e.Environment),
            Field("Release", e.Version == null ? "-" : e.Release == null ? e.Version : $"{e.Version} ({e.Release})"),
            Field("By", e.Actor),
        };
        if (e.Reason != null)
            fields.Add(Field("Why", e.Reason));
        if (e.Previous != null)
            fields.Add(Field("Previous", e.Previous));
        foreach (var (label, text) in ChangeSummary.Lines(e.Changes).Take(FieldLimit - fields.Count))
            fields.Add(Field(label, text));

        var links = new List<string>();
        if (e.EnvironmentUrl != null)
            links.Add($"<{e.EnvironmentUrl}|{Escape(e.Environment)}>");
        if (e.LogUrl != null)
            links.Add($"<{e.LogUrl}|CI run>");
        links.Add(e.TimeUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture));

        return new JsonObject
        {
            ["text"] = Fallback(e, title),
            ["blocks"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "header",
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut($"{Emoji(e.Kind)} {title}", HeaderLimit), ["emoji"] = true },
                },
                new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut(Escape(e.Summary), 3000) },
                    ["fields"] = fields,
                },
                new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = string.Join(" · ", links) } },
                },
            },
        };
    }

    /// <summary>The plain-text fallback: the title, the summary and what changed.</summary>
    public static string Fallback(ReleaseEvent e, string title)
    {
        var changes = ChangeSummary.Text(e.Changes);
        return Escape($"{title}: {e.Summary}" + (changes.Length > 0 ? "\n" + changes : ""));
    }

    /// <summary>Text made safe for Slack's mrkdwn: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are control characters there.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static JsonObject Field(string label, string text) =>
        new() { ["type"] = "mrkdwn", ["text"] = Cut($"*{label}*\n{Escape(text)}", FieldTextLimit) };

    private static string Cut(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";

    private static string Emoji(ReleaseEventKind kind) => EventHeadline.Tone(kind) switch
    {
        EventTone.Good => ":white_check_mark:",
        EventTone.Bad => ":x:",
        EventTone.Warning => ":warning:",
        _ => ":rocket:",
    };
}
