using System.Text;

namespace Deploy.Recipes.Audit.Report;

/// <summary>
/// Writes a <see cref="ReleaseReport"/> as Markdown (GitHub's flavour, for job summaries): the same sections as the HTML
/// page, a table each, and the charts as their peak and last values per slot.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>The Markdown text.</summary>
    public static string Write(ReleaseReport report)
    {
        var md = new StringBuilder();
        md.Append($"## Release {Cell(report.Version ?? report.Release)} in {Cell(report.Environment)}: {Cell(report.Outcome)}\n\n");
        Table(md, ["", ""], ReportSections.Summary(report));

        md.Append("### What changed\n\n");
        var changes = ReportSections.Changes(report.Changes);
        if (changes.Count == 0)
            md.Append("Not recorded.\n\n");
        else
            Table(md, ["", ""], changes);

        md.Append("### Over the release\n\n");
        var rows = report.Charts.SelectMany(c => c.Series.Select(s => new[]
        {
            c.Title, s.Name, ReportText.Versions(s.Versions), ReportText.Value(s.Peak, c.Unit), ReportText.Value(s.Last, c.Unit), s.Points.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).ToList();
        if (rows.Count == 0)
            md.Append("No timeline samples.\n\n");
        else
            Table(md, ["Chart", "Slot", "Versions", "Peak", "Last", "Points"], rows);

        md.Append("### Events\n\n");
        Table(md, ["Time", "Event", "Who", "Summary"], report.Events.Select(e => new[] { ReportText.Time(e.TimeUtc), e.Kind, e.Actor, e.Summary }).ToList());
        md.Append("### Steps\n\n");
        Steps(md, report.Steps);
        md.Append("### Checks\n\n");
        Steps(md, report.Checks);
        md.Append("### Migrations\n\n");
        if (report.Changes is { PendingMigrations.Count: > 0 } pending)
            md.Append("Pending when the release started: ").Append(Cell(string.Join(", ", pending.PendingMigrations))).Append("\n\n");
        Steps(md, report.Migrations);
        return md.ToString();
    }

    private static void Steps(StringBuilder md, IReadOnlyList<ReportStep> steps)
    {
        if (steps.Count == 0)
        {
            md.Append("None recorded.\n\n");
            return;
        }

        Table(md, ["Time", "Step", "Host", "Outcome", "Duration", "Details"],
            steps.Select(s => new[] { ReportText.Time(s.TimeUtc), s.Step, s.Host ?? "", s.Outcome, ReportText.Duration(s.DurationMs), s.Message ?? "" }).ToList());
    }

    private static void Table(StringBuilder md, string[] headings, IReadOnlyList<string[]> rows)
    {
        md.Append('|').AppendJoin('|', headings.Select(h => $" {Cell(h)} ")).Append("|\n");
        md.Append('|').AppendJoin('|', headings.Select(_ => " --- ")).Append("|\n");
        foreach (var row in rows)
            md.Append('|').AppendJoin('|', row.Select(c => $" {Cell(c)} ")).Append("|\n");
        md.Append('\n');
    }

    // A cell is one line, and a '|' in it would end it.
    private static string Cell(string text) => text.Replace("\r", "").Replace("\n", " ").Replace("|", "\\|");
}
