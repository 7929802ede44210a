namespace Deploy.Recipes.Health.Analysis;

/// <summary>
/// Runs the analysis of one step: a window opens when the step starts, and every <c>analysis-interval</c> the window
/// so far is measured, judged by <see cref="CanaryAnalysis"/> and handed to <see cref="StepJudgement"/>, until it
/// decides. A provider that cannot read is an Error verdict (a window that could not even begin is begun again at
/// the next verdict). Every verdict goes to <c>report</c> before it is acted on. With a <c>baseline</c> (the
/// post-promotion watch, where the previous release no longer serves anyone) the canary is judged against it instead
/// of the window's stable side. Between verdicts a provider with live numbers (the edge) is sampled several times a
/// second for a failure that needs no percentile (errors, a hang), which ends the step at once.
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
            var due = clock.GetUtcNow() + StepJudgement.WaitBeforeNext(progress, clock.GetUtcNow(), policy);
            if (await SampleUntilAsync(due, metrics.SampleEvery, window, baseline, limits, clock, cancel) is { } early)
            {
                report(early);
                var failed = StepJudgement.Next(progress, early, clock.GetUtcNow(), policy);
                return new StepAnalysisResult(failed.Outcome!.Value, early, failed.Why);
            }

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

    // Waits until the next verdict is due, sampling the window meanwhile when the provider allows it; returns the Fail
    // verdict of a sample whose errors or hang already break a limit. A sample that cannot be read is left to the verdict.
    private static async Task<AnalysisVerdict?> SampleUntilAsync(
        DateTimeOffset due, TimeSpan? every, IAnalysisWindow? window, SideMeasurement? baseline, AnalysisLimits limits, TimeProvider clock, CancellationToken cancel)
    {
        while (every is { } step && window != null && clock.GetUtcNow() + step < due)
        {
            await Task.Delay(step, clock, cancel);
            try
            {
                var measured = await window.MeasureAsync(cancel);
                if (CanaryAnalysis.FailsWithoutPercentiles(measured.Canary, limits))
                    return CanaryAnalysis.Judge(baseline == null ? measured : measured with { Stable = baseline }, limits);
            }
            catch (AnalysisMetricsUnavailableException)
            {
                // the verdict that is due reads again and counts the error
            }
        }

        var rest = due - clock.GetUtcNow();
        if (rest > TimeSpan.Zero)
            await Task.Delay(rest, clock, cancel);
        return null;
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
