using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Checks the environment's audit trail end to end: every line a record, sequences contiguous, each record linked on
/// the hash of the line before it, the anchor naming the last one. Prints the count and the chained lines, or the first
/// broken or missing line and exits non-zero. Reads only: it takes no deployment lock, so it runs beside a release.
/// </summary>
[TaskName("VerifyAudit")]
[TaskDescription("Checks the audit trail's hash chain and anchor; names the first broken or missing line (--format=json).")]
public sealed class VerifyAuditTask : RecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        var file = context.Audit.File;
        var verdict = context.Audit.Verify();
        var shown = Path.GetRelativePath(context.Repository, file);
        // Printed straight to stdout, not through the log, so `--format=json` output is parseable as it is.
        Console.Out.Write(context.Secrets.Apply(context.Settings.Format == OutputFormat.Json ? verdict.ToJson(shown) : verdict.ToText(shown)) + "\n");
        if (!verdict.Intact)
            throw new InvalidOperationException(context.Secrets.Apply(verdict.ToText(shown)));
    }
}
