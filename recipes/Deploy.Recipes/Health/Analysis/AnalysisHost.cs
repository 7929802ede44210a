using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>One host whose slots an analysis reads.</summary>
/// <param name="Name">The host's name (for verdicts and errors).</param>
/// <param name="Edge">The host's edge.</param>
/// <param name="StableSlot">The slot of the stable release (the baseline side).</param>
/// <param name="CanarySlot">The slot of the release being judged; null on a host that carries no canary (<c>canary-hosts</c>).</param>
public sealed record AnalysisHost(string Name, ITrafficEdge Edge, string StableSlot, string? CanarySlot);
