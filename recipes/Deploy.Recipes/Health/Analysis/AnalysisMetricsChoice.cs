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
        _ => Prometheus(settings),
    };

    // prometheus-url is a secret: errors say what is wrong with it, never what it is.
    private static PrometheusAnalysisMetrics Prometheus(DeploySettings settings)
    {
        if (settings.PrometheusUrl.Length == 0)
            throw new RecipeUsageException("analysis-provider=prometheus needs prometheus-url: the Prometheus server's base URL, such as http://127.0.0.1:9090.");
        if (!Uri.TryCreate(settings.PrometheusUrl, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
            throw new RecipeUsageException("prometheus-url is not an absolute http:// or https:// URL (its value is not shown: it is a secret).");
        return new PrometheusAnalysisMetrics(server, settings.Environment, PrometheusQueries.From(settings.PrometheusQueries));
    }
}
