using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>Which analysis provider the settings choose, and how bad provider settings are refused.</summary>
public sealed class AnalysisMetricsChoiceTests
{
    [Test]
    public void The_default_provider_reads_the_edges() =>
        Assert.That(AnalysisMetricsChoice.From(new DeploySettings()).Name, Is.EqualTo("edge"));

    [Test]
    public void Prometheus_with_a_url_is_the_prometheus_provider() =>
        Assert.That(AnalysisMetricsChoice.From(new DeploySettings { AnalysisProvider = AnalysisProvider.Prometheus, PrometheusUrl = "http://127.0.0.1:9090" }).Name,
            Is.EqualTo("prometheus"));

    [Test]
    public void Prometheus_without_a_url_is_refused_saying_what_is_needed() =>
        Assert.That(() => AnalysisMetricsChoice.From(new DeploySettings { AnalysisProvider = AnalysisProvider.Prometheus }),
            Throws.TypeOf<RecipeUsageException>().With.Message.Contains("needs prometheus-url"));

    [Test]
    public void A_prometheus_url_that_is_not_http_is_refused_without_quoting_the_secret()
    {
        var settings = new DeploySettings { AnalysisProvider = AnalysisProvider.Prometheus, PrometheusUrl = "ftp://user:s3cret@metrics" };

        var refused = Assert.Throws<RecipeUsageException>(() => AnalysisMetricsChoice.From(settings))!;

        Assert.That(refused.Message, Does.Contain("not an absolute http:// or https:// URL").And.Not.Contain("s3cret").And.Not.Contain("metrics"));
    }

    [Test]
    public void Bad_query_overrides_are_refused_before_anything_runs() =>
        Assert.That(() => AnalysisMetricsChoice.From(new DeploySettings
            {
                AnalysisProvider = AnalysisProvider.Prometheus, PrometheusUrl = "http://127.0.0.1:9090", PrometheusQueries = ["latency=max(x)"],
            }),
            Throws.TypeOf<RecipeUsageException>().With.Message.Contains("unknown metric 'latency'"));
}
