using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>How one step's verdicts are turned into its outcome (all from settings; see <see cref="From"/>).</summary>
/// <param name="Pause">How long the step waits before its last verdict decides.</param>
/// <param name="Interval">How often a verdict is made (<c>analysis-interval</c>).</param>
/// <param name="MaxExtension">How long an inconclusive step is extended after its pause (<c>max-step-extension</c>).</param>
/// <param name="OnInconclusive">What a step still inconclusive after that does (<c>on-inconclusive</c>).</param>
/// <param name="MaxErrors">Consecutive Error verdicts tolerated; one more aborts (<c>max-analysis-errors</c>).</param>
public sealed record StepAnalysisPolicy(TimeSpan Pause, TimeSpan Interval, TimeSpan MaxExtension, InconclusiveAction OnInconclusive, int MaxErrors)
{
    /// <summary>
    /// The policy of a step pausing <paramref name="pause"/>; null (a <c>manual</c> pause) is judged like a pause of one
    /// analysis interval: the step gets one conclusive verdict (or its extension) before it waits for a person.
    /// </summary>
    public static StepAnalysisPolicy From(DeploySettings settings, TimeSpan? pause) =>
        new(pause ?? settings.AnalysisInterval, settings.AnalysisInterval, settings.MaxStepExtension, settings.OnInconclusive, settings.MaxAnalysisErrors);
}
