using Deploy.Recipes.Audit;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// A release's "what changed" as short labelled lines for people (Slack fields, Teams facts, the webhook's summary):
/// commit count and authors, the first and last commit, pending migrations, app-setting keys. Names only.
/// </summary>
public static class ChangeSummary
{
    private const int MostNamed = 5;

    /// <summary>The labelled lines of <paramref name="changes"/>; none when nothing is known.</summary>
    public static IReadOnlyList<(string Label, string Text)> Lines(ReleaseChanges? changes)
    {
        if (changes == null)
            return [];
        var lines = new List<(string, string)>();
        if (changes.Commits is { } commits)
        {
            var count = commits.Count == 1 ? "1 commit" : $"{commits.Count} commits";
            var authors = commits.Authors.Count > 0 ? $" by {Named(commits.Authors)}" : "";
            var ends = new List<string>();
            if (commits.First is { } first && commits.Count > 1)
                ends.Add($"first: {first}");
            if (commits.Last is { } last)
                ends.Add($"last: {last}");
            lines.Add(("Commits", string.Join("\n", new[] { count + authors }.Concat(ends))));
        }

        lines.Add(("Migrations pending", changes.PendingMigrations.Count == 0 ? "none" : Named(changes.PendingMigrations)));
        var settings = new List<string>();
        if (changes.SettingsAdded.Count > 0)
            settings.Add($"added {Named(changes.SettingsAdded)}");
        if (changes.SettingsRemoved.Count > 0)
            settings.Add($"removed {Named(changes.SettingsRemoved)}");
        if (changes.SettingsChanged.Count > 0)
            settings.Add($"changed {Named(changes.SettingsChanged)}");
        lines.Add(("App settings", settings.Count == 0 ? "unchanged" : string.Join("; ", settings)));
        return lines;
    }

    /// <summary>The lines as one plain-text paragraph ("Commits: 3 commits by Ann ...").</summary>
    public static string Text(ReleaseChanges? changes) =>
        string.Join("\n", Lines(changes).Select(l => $"{l.Label}: {l.Text.Replace("\n", "; ")}"));

    private static string Named(IReadOnlyList<string> names) =>
        names.Count <= MostNamed ? string.Join(", ", names) : $"{string.Join(", ", names.Take(MostNamed))} and {names.Count - MostNamed} more";
}
