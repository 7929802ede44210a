namespace Deploy.Recipes.Audit.Report;

/// <summary>Rows of the report's sections that both writers show the same way.</summary>
public static class ReportSections
{
    /// <summary>The summary table's rows: the release, who, when, how long, what it replaced and why it ended as it did.</summary>
    public static IReadOnlyList<string[]> Summary(ReleaseReport report) =>
        [
            ["Release", report.Release],
            ["Version", report.Version ?? ""],
            ["Environment", report.Environment],
            ["Who", report.Actor],
            ["Started", ReportText.Time(report.StartedUtc)],
            ["Ended", ReportText.Time(report.EndedUtc)],
            ["Duration", ReportText.Duration(report.Duration.TotalMilliseconds)],
            ["Previous release", report.Previous ?? "(none)"],
            ["Reason", report.Reason ?? ""],
            ["Audit trail head", report.AuditHead ?? "(not chained)"],
        ];

    /// <summary>"What changed" as label and text rows (none when nothing was recorded). Setting names only, never values.</summary>
    public static IReadOnlyList<string[]> Changes(ReleaseChanges? changes)
    {
        if (changes == null)
            return [];
        var rows = new List<string[]>();
        if (changes.Commits is { } commits)
        {
            rows.Add(["Commits", $"{commits.Count} ({(commits.From == null ? "all history" : Short(commits.From))}..{Short(commits.To)})"]);
            rows.Add(["Authors", string.Join(", ", commits.Authors)]);
            if (commits.First != null)
                rows.Add(["First", commits.First]);
            if (commits.Last != null)
                rows.Add(["Last", commits.Last]);
            if (commits.Subjects.Count > 0)
                rows.Add(["Subjects", string.Join("; ", commits.Subjects)]);
        }
        else
        {
            rows.Add(["Commits", "unknown (a commit of this or the live release is not known)"]);
        }

        rows.Add(["Migrations pending", changes.PendingMigrations.Count == 0 ? "none" : string.Join(", ", changes.PendingMigrations)]);
        rows.Add(["Settings added", Names(changes.SettingsAdded)]);
        rows.Add(["Settings removed", Names(changes.SettingsRemoved)]);
        rows.Add(["Settings changed", Names(changes.SettingsChanged)]);
        rows.Add(["Artifact digest", changes.Digest]);
        if (changes.PreviousDigest != null)
            rows.Add(["Previous digest", changes.PreviousDigest]);
        return rows;
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
