using Deploy.Recipes.Health.Analysis;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>Reading the answers of Prometheus's HTTP API (shapes as Prometheus 2.42 sends them).</summary>
public sealed class PrometheusAnswerTests
{
    [Test]
    public void A_vector_of_one_sample_is_its_value() =>
        Assert.That(PrometheusAnswer.Number(Vector("""{"metric":{},"value":[1764270000.123,"41.5"]}"""), "requests"), Is.EqualTo(41.5));

    [Test]
    public void An_empty_vector_is_nothing_measured() =>
        Assert.That(PrometheusAnswer.Number(Vector(""), "requests"), Is.Null);

    [Test]
    public void NaN_such_as_a_quantile_of_no_requests_is_nothing_measured() =>
        Assert.That(PrometheusAnswer.Number(Vector("""{"metric":{},"value":[1764270000,"NaN"]}"""), "p95"), Is.Null);

    [Test]
    public void A_scalar_is_its_value() =>
        Assert.That(PrometheusAnswer.Number("""{"status":"success","data":{"resultType":"scalar","result":[1764270000,"3"]}}""", "errors"), Is.EqualTo(3));

    [Test]
    public void Several_series_are_refused_because_the_query_must_aggregate() =>
        Assert.That(() => PrometheusAnswer.Number(Vector("""{"metric":{"slot":"a"},"value":[1,"1"]},{"metric":{"slot":"b"},"value":[1,"2"]}"""), "requests"),
            Throws.TypeOf<AnalysisMetricsUnavailableException>().With.Message.Contains("answered 2 series"));

    [Test]
    public void A_query_error_is_unavailable_metrics_quoting_prometheus()
    {
        const string json = """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected end of input"}""";

        Assert.That(() => PrometheusAnswer.Number(json, "p95"),
            Throws.TypeOf<AnalysisMetricsUnavailableException>().With.Message.EqualTo("Prometheus refused the p95 query (bad_data): invalid parameter \"query\": 1:5: parse error: unexpected end of input"));
    }

    [Test]
    public void An_answer_that_is_not_json_is_unavailable_metrics() =>
        Assert.That(() => PrometheusAnswer.Number("<html>login</html>", "requests"),
            Throws.TypeOf<AnalysisMetricsUnavailableException>().With.Message.Contains("not JSON"));

    [Test]
    public void The_longest_scrape_interval_of_the_active_targets_is_found()
    {
        const string json = """{"status":"success","data":{"activeTargets":[{"scrapeInterval":"1s"},{"scrapeInterval":"1m30s"},{"scrapeInterval":"15s"}],"droppedTargets":[]}}""";

        Assert.That(PrometheusAnswer.LongestScrapeInterval(json), Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [Test]
    public void No_active_targets_have_no_scrape_interval() =>
        Assert.That(PrometheusAnswer.LongestScrapeInterval("""{"status":"success","data":{"activeTargets":[],"droppedTargets":[]}}"""), Is.Null);

    [TestCase("500ms", 0.5)]
    [TestCase("15s", 15)]
    [TestCase("2m", 120)]
    [TestCase("1h1s", 3601)]
    public void Prometheus_durations_are_read(string text, double seconds) =>
        Assert.That(PrometheusAnswer.Duration(text), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    private static string Vector(string samples) => """{"status":"success","data":{"resultType":"vector","result":[""" + samples + "]}}";
}
