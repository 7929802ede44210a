using Cake.Common.Build;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Health.Timeline;

namespace Deploy.Recipes.Audit.Report;

/// <summary>
/// Writes the release report of an environment's release (HTML and Markdown, into <c>report-directory</c>) from its
/// audit trail and timeline, and in GitHub Actions appends the Markdown to the job summary. Deploy and Rollback call
/// <see cref="WriteAfterRelease"/> at their end, failed or not: a report that cannot be written is a warning there.
/// </summary>
public static class ReleaseReportFiles
{
    /// <summary>The environment variable naming the GitHub Actions job summary file.</summary>
    public const string StepSummaryVariable = "GITHUB_STEP_SUMMARY";

    /// <summary>
    /// Writes the report of <paramref name="release"/> (an id or a version; null or empty for the latest release of
    /// the trail); returns the files written, or null when the trail has no such release.
    /// </summary>
    public static WrittenReport? Write(DeployContext context, string? release) => Write(context, release, DateTimeOffset.MinValue, announce: true);

    private static WrittenReport? Write(DeployContext context, string? release, DateTimeOffset eventsSince, bool announce)
    {
        var trail = context.Audit.Tail(int.MaxValue);
        if (ReleaseRecords.Find(trail, release) is not { } id || ReleaseRecords.Of(trail, id) is not { } records)
            return null;
        if (records.Records.Where(ReleaseRecords.IsReleaseEvent).All(r => r.TimeUtc < eventsSince))
            return null;
        var samples = TimelineFolder.Read(context.Paths.Timelines, records.FromUtc, records.ToUtc);
        var head = AuditAnchor.Read(AuditAnchor.PathOf(context.Audit.File));
        var report = ReleaseReportBuilder.Build(context.Settings.Environment, records, samples) with
        {
            AuditHead = head == null ? null : $"record {head.Sequence}, hash {head.Hash}",
        };

        // Records are redacted when written; the whole text goes through the mask again for what came from elsewhere.
        var html = context.Secrets.Apply(HtmlReportWriter.Write(report));
        var markdown = context.Secrets.Apply(MarkdownReportWriter.Write(report));
        var folder = context.PathOf(context.Settings.ReportDirectory);
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"release-report-{context.Settings.Environment}-{FileSafe(report.Version ?? report.Release)}");
        var written = new WrittenReport(report, stem + ".html", stem + ".md");
        File.WriteAllText(written.Html, html);
        File.WriteAllText(written.Markdown, markdown);
        // After Deploy and Rollback the outcome stays the run's last line (operators and CI read it); the path is in the README.
        if (announce)
            context.Information("Release report of {0}: {1} (and .md).", report.Version ?? report.Release, written.Html);
        else
            context.Verbose("Release report of {0}: {1} (and .md).", report.Version ?? report.Release, written.Html);
        AppendToJobSummary(context, markdown);
        return written;
    }

    /// <summary>
    /// Writes the report of the latest release after Deploy or Rollback, when this run told an event of it (a run refused
    /// before it released anything leaves the last report alone); a failure to do so is only a warning.
    /// </summary>
    public static void WriteAfterRelease(DeployContext context)
    {
        try
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            Write(context, null, new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero), announce: false);
        }
        catch (Exception failure)
        {
            context.Warning("The release report was not written: {0}", context.Secrets.Apply(failure.Message));
        }
    }

    // In GitHub Actions the job summary is a file named by GITHUB_STEP_SUMMARY that each step appends Markdown to.
    private static void AppendToJobSummary(DeployContext context, string markdown)
    {
        if (context.Environment.GetEnvironmentVariable(StepSummaryVariable) is not { Length: > 0 } file)
            return;
        try
        {
            context.GitHubActions().Commands.SetStepSummary(markdown);
        }
        catch (Exception failure) when (failure is not IOException)
        {
            // Cake's command wants the whole GitHub Actions environment; the file alone is enough to append to.
            File.AppendAllText(file, markdown + "\n");
        }
    }

    private static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray());
}

/// <summary>A report written to files.</summary>
/// <param name="Report">What it shows.</param>
/// <param name="Html">The HTML page's path.</param>
/// <param name="Markdown">The Markdown file's path.</param>
public sealed record WrittenReport(ReleaseReport Report, string Html, string Markdown);
