namespace Deploy.Recipes.Releases;

/// <summary>Where canary analysis reads its numbers.</summary>
public enum AnalysisProvider
{
    /// <summary>Each host's edge, directly (no Prometheus needed).</summary>
    Edge,

    /// <summary>A Prometheus server that scrapes the edges' <c>/metrics</c> (<c>prometheus-url</c>).</summary>
    Prometheus,
}
