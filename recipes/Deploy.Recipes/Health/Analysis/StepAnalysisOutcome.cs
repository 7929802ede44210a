namespace Deploy.Recipes.Health.Analysis;

/// <summary>How the analysis of one canary step (or of the post-promotion watch) ended.</summary>
public enum StepAnalysisOutcome
{
    /// <summary>The step's last verdict passed at the end of its pause (or <c>on-inconclusive=pass</c> let it pass).</summary>
    Passed,

    /// <summary>A verdict failed (or <c>on-inconclusive=fail</c>): go back to the stable release at once.</summary>
    Failed,

    /// <summary>Still inconclusive after <c>max-step-extension</c> with <c>on-inconclusive=pause</c>: wait for a person.</summary>
    PausedInconclusive,

    /// <summary>More than <c>max-analysis-errors</c> consecutive windows could not be read: abort.</summary>
    AbortedOnErrors,
}
