using Cake.Common.Diagnostics;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>Prints and audits every verdict with its numbers, as the issue asks of canary steps and the watch.</summary>
public static class AnalysisReporting
{
    /// <summary>
    /// A report callback for <see cref="StepAnalysis.RunAsync"/>: prints the verdict and appends an audit record with
    /// step <c>&lt;step&gt;/analysis</c>, the outcome in lower case and the verdict's description.
    /// </summary>
    public static Action<AnalysisVerdict> To(DeployContext context, string step, string releaseId) => verdict =>
    {
        var outcome = verdict.Outcome.ToString().ToLowerInvariant();
        if (verdict.Outcome is AnalysisOutcome.Fail or AnalysisOutcome.Error)
            context.Warning("{0} analysis: {1}: {2}", step, outcome, verdict.Description);
        else
            context.Information("{0} analysis: {1}: {2}", step, outcome, verdict.Description);
        context.Audit.Note($"{step}/analysis", releaseId, outcome, verdict.Description);
    };
}
