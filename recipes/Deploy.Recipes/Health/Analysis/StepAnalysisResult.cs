namespace Deploy.Recipes.Health.Analysis;

/// <summary>How a step's analysis ended.</summary>
/// <param name="Outcome">See <see cref="StepAnalysisOutcome"/>.</param>
/// <param name="Last">The verdict that decided.</param>
/// <param name="Description">One line: why the step ended so, quoting the deciding verdict's numbers.</param>
public sealed record StepAnalysisResult(StepAnalysisOutcome Outcome, AnalysisVerdict Last, string Description);
