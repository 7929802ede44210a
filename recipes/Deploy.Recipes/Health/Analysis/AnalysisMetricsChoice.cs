using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Health.Analysis;

/// <summary>The analysis provider the settings name (<c>analysis-provider</c>).</summary>
public static class AnalysisMetricsChoice
{
    /// <summary>The provider for <paramref name="settings"/>; bad provider settings are refused before anything changes.</summary>
    public static IAnalysisMetrics From(DeploySettings settings) => settings.AnalysisProvider switch
    {
        AnalysisProvider.Edge => new EdgeAnalysisMetrics(),
        _ => throw new RecipeUsageException($"analysis-provider={settings.AnalysisProvider.ToString().ToLowerInvariant()} is not available in this build: use analysis-provider=edge."),
    };
}
