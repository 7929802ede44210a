namespace Deploy.Recipes.Health.Analysis;

/// <summary>
/// Runs the analysis of one step: a window opens when the step starts, and every <c>analysis-interval</c> the window
/// so far is measured, judged by <see cref="CanaryAnalysis"/> and handed to <see cref="StepJudgement"/>, until it
/// decides. A provider that cannot read is an Error verdict (a window that could not even begin is begun again at
/// the next verdict). Every verdict goes to <c>report</c> before it is acted on. With a <c>baseline</c> (the
/// post-promotion watch, where the previous release no longer serves anyone) the canary is judged against it instead
/// of the window's stable side.
/// </summary>
public static class StepAnalysis
{
    /// <summary>Judges <paramref name="hosts"/> with <paramref name="metrics"/> until the step's outcome is known.</summary>
    public static async Task<StepAnalysisResult> RunAsync(
        IAnalysisMetrics metrics, IReadOnlyList<AnalysisHost> hosts, StepAnalysisPolicy policy, AnalysisLimits limits,
        Action<AnalysisVerdict> report, CancellationToken cancel, SideMeasurement? baseline = null, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var progress = StepJudgement.Start(clock.GetUtcNow());
        IAnalysisWindow? window = await TryBeginAsync(metrics, hosts, cancel);
        while (true)
        {
            await Task.Delay(StepJudgement.WaitBeforeNext(progress, clock.GetUtcNow(), policy), clock, cancel);
            AnalysisVerdict verdict;
            try
            {
                window ??= await metrics.BeginAsync(hosts, cancel);
                var measured = await window.MeasureAsync(cancel);
                verdict = CanaryAnalysis.Judge(baseline == null ? measured : measured with { Stable = baseline }, limits);
            }
            catch (AnalysisMetricsUnavailableException unavailable)
            {
                verdict = CanaryAnalysis.Unavailable(metrics.Name, unavailable.Message);
            }

            report(verdict);
            var decision = StepJudgement.Next(progress, verdict, clock.GetUtcNow(), policy);
            progress = decision.Progress;
            if (decision.Outcome is { } outcome)
                return new StepAnalysisResult(outcome, verdict, decision.Why);
        }
    }

    private static async Task<IAnalysisWindow?> TryBeginAsync(IAnalysisMetrics metrics, IReadOnlyList<AnalysisHost> hosts, CancellationToken cancel)
    {
        try
        {
            return await metrics.BeginAsync(hosts, cancel);
        }
        catch (AnalysisMetricsUnavailableException)
        {
            return null; // judged as an Error verdict when the first window is due
        }
    }
}
