using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>Where a step's analysis stands between two verdicts.</summary>
/// <param name="StartedUtc">When the step (and its window) began.</param>
/// <param name="ConsecutiveErrors">Error verdicts since the last verdict that was not one.</param>
/// <param name="Verdicts">Verdicts so far.</param>
public sealed record StepProgress(DateTimeOffset StartedUtc, int ConsecutiveErrors, int Verdicts);

/// <summary>What one verdict did to a step.</summary>
/// <param name="Progress">The step's progress after the verdict.</param>
/// <param name="Outcome">The step's outcome, or null: keep judging.</param>
/// <param name="Why">One line: why the step ended or goes on.</param>
public sealed record StepDecision(StepProgress Progress, StepAnalysisOutcome? Outcome, string Why);

/// <summary>
/// The state machine of one step's analysis, pure so every path is tested without waiting. A Fail ends the step at
/// once. Error verdicts are counted while they come one after another; one more than <c>max-analysis-errors</c>
/// aborts (any other verdict resets the count). Until the pause is over nothing else decides. Then the latest verdict
/// decides: Pass passes; Inconclusive extends the step up to <c>max-step-extension</c>, after which
/// <c>on-inconclusive</c> decides (pause, pass or fail); Error keeps judging (bounded by the error count).
/// </summary>
public static class StepJudgement
{
    /// <summary>A step starting at <paramref name="now"/>.</summary>
    public static StepProgress Start(DateTimeOffset now) => new(now, 0, 0);

    /// <summary>What <paramref name="verdict"/>, made at <paramref name="now"/>, does to the step.</summary>
    public static StepDecision Next(StepProgress progress, AnalysisVerdict verdict, DateTimeOffset now, StepAnalysisPolicy policy)
    {
        var errors = verdict.Outcome == AnalysisOutcome.Error ? progress.ConsecutiveErrors + 1 : 0;
        var next = progress with { ConsecutiveErrors = errors, Verdicts = progress.Verdicts + 1 };
        var pauseEnds = progress.StartedUtc + policy.Pause;
        var extensionEnds = pauseEnds + policy.MaxExtension;

        switch (verdict.Outcome)
        {
            case AnalysisOutcome.Fail:
                return new(next, StepAnalysisOutcome.Failed, $"the canary failed: {verdict.Description}");
            case AnalysisOutcome.Error when errors > policy.MaxErrors:
                return new(next, StepAnalysisOutcome.AbortedOnErrors,
                    $"{errors} consecutive analysis errors > max-analysis-errors {policy.MaxErrors}: {verdict.Description}");
            case AnalysisOutcome.Error:
                return new(next, null, $"analysis error {errors} of {policy.MaxErrors} tolerated; retrying");
        }

        if (now < pauseEnds)
            return new(next, null, $"judging until the pause ends in {Durations.Describe(pauseEnds - now)}");
        if (verdict.Outcome == AnalysisOutcome.Pass)
            return new(next, StepAnalysisOutcome.Passed, $"passed at the end of the step: {verdict.Description}");
        if (now < extensionEnds)
            return new(next, null, $"inconclusive at the end of the pause: extended by up to {Durations.Describe(extensionEnds - now)} (max-step-extension)");

        var still = $"still inconclusive after max-step-extension {Durations.Describe(policy.MaxExtension)}";
        return policy.OnInconclusive switch
        {
            InconclusiveAction.Pass => new(next, StepAnalysisOutcome.Passed, $"{still}, passed by on-inconclusive=pass: {verdict.Description}"),
            InconclusiveAction.Fail => new(next, StepAnalysisOutcome.Failed, $"{still}, failed by on-inconclusive=fail: {verdict.Description}"),
            _ => new(next, StepAnalysisOutcome.PausedInconclusive, $"{still}, paused for a person (on-inconclusive=pause): {verdict.Description}"),
        };
    }

    /// <summary>
    /// How long to wait before the next verdict: one interval, but never past the end of the pause, so the verdict
    /// that decides is made when the pause ends rather than up to an interval later.
    /// </summary>
    public static TimeSpan WaitBeforeNext(StepProgress progress, DateTimeOffset now, StepAnalysisPolicy policy)
    {
        var toPauseEnd = progress.StartedUtc + policy.Pause - now;
        return toPauseEnd > TimeSpan.Zero && toPauseEnd < policy.Interval ? toPauseEnd : policy.Interval;
    }
}
