namespace Deploy.Recipes.Health.Analysis;

/// <summary>The judgement of one window: its outcome, the numbers it was made from, and one line saying why.</summary>
/// <param name="Outcome">See <see cref="AnalysisOutcome"/>.</param>
/// <param name="Measurement">The numbers judged; null for <see cref="AnalysisOutcome.Error"/>.</param>
/// <param name="Description">
/// One line quoting both sides' numbers (requests, 5xx share, p95, p99, oldest in flight) and, on failure, which limit
/// broke; printed and audited as it is.
/// </param>
public sealed record AnalysisVerdict(AnalysisOutcome Outcome, WindowMeasurement? Measurement, string Description);
