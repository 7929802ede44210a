using Deploy.Recipes.Audit.Report;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Writes the release report of the environment's latest release, or of <c>--release=&lt;id or version&gt;</c>: a
/// self-contained HTML page and the same in Markdown, into <c>report-directory</c> (and the GitHub Actions job summary).
/// </summary>
[TaskName("Report")]
[TaskDescription("Writes the release report (HTML with charts, and Markdown) of the latest release or --release=<id or version> into report-directory.")]
public sealed class ReportTask : RecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        if (ReleaseReportFiles.Write(context, context.Settings.Release) == null)
            throw new RecipeUsageException(context.Settings.Release.Length == 0
                ? $"The audit trail of '{context.Settings.Environment}' ({context.Paths.Audit}) records no release yet: nothing to report. Deploy one first."
                : $"The audit trail of '{context.Settings.Environment}' has no release '{context.Settings.Release}' (--release takes a release id or a version; --target=Status lists the last releases).");
    }
}
