namespace Deploy.Recipes.Health.Analysis;

/// <summary>Both sides of one analysis window, measured over the same time by one provider.</summary>
/// <param name="Stable">The stable release's customers.</param>
/// <param name="Canary">The release being judged's customers.</param>
/// <param name="Length">How long the window ran.</param>
/// <param name="Provider">Where the numbers came from (<c>edge</c>, <c>prometheus</c>), for the verdict.</param>
public sealed record WindowMeasurement(SideMeasurement Stable, SideMeasurement Canary, TimeSpan Length, string Provider);
