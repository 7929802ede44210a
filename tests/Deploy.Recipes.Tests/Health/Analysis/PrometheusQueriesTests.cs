using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Hosting;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>The Prometheus provider's queries: the built-in ones over the edge's series, and overrides.</summary>
public sealed class PrometheusQueriesTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(36.2);

    [Test]
    public void Requests_count_the_customer_requests_of_the_side_over_the_window_in_whole_seconds() =>
        Assert.That(PrometheusQueries.From([]).For("requests", "production", ["green"], "canary", Window),
            Is.EqualTo("sum(increase(deploy_edge_requests_total{environment=\"production\",slot=~\"green\",source=\"customer\"}[37s]))"));

    [Test]
    public void Errors_count_the_customer_requests_answered_5xx() =>
        Assert.That(PrometheusQueries.From([]).For("errors", "production", ["green"], "canary", Window),
            Is.EqualTo("sum(increase(deploy_edge_requests_total{environment=\"production\",slot=~\"green\",source=\"customer\",class=\"5xx\"}[37s]))"));

    [Test]
    public void Percentiles_are_histogram_quantiles_over_the_summed_buckets() =>
        Assert.That(PrometheusQueries.From([]).For("p99", "production", ["blue"], "stable", Window),
            Is.EqualTo("histogram_quantile(0.99, sum by (le) (increase(deploy_edge_request_duration_seconds_bucket{environment=\"production\",slot=~\"blue\"}[37s])))"));

    [Test]
    public void The_oldest_in_flight_is_the_largest_gauge_of_the_side() =>
        Assert.That(PrometheusQueries.From([]).For("oldest-in-flight", "production", ["blue"], "stable", Window),
            Is.EqualTo("max(deploy_edge_oldest_in_flight_seconds{environment=\"production\",slot=~\"blue\"})"));

    [Test]
    public void A_side_on_different_slots_matches_them_all() =>
        Assert.That(PrometheusQueries.From([]).For("oldest-in-flight", "e", ["blue", "green"], "stable", Window), Does.Contain("slot=~\"blue|green\""));

    [Test]
    public void Quotes_in_the_environment_cannot_break_out_of_the_label_value() =>
        Assert.That(PrometheusQueries.From([]).For("oldest-in-flight", "a\"b", ["blue"], "stable", Window), Does.Contain("environment=\"a\\\"b\""));

    [Test]
    public void An_override_replaces_one_metric_and_fills_every_placeholder()
    {
        var queries = PrometheusQueries.From(["errors=sum(rate(my_errors{env=\"{{environment}}\",slot=\"{{slot}}\",role=\"{{role}}\"}[{{interval}}]))"]);

        Assert.That(queries.For("errors", "staging", ["green"], "canary", Window),
            Is.EqualTo("sum(rate(my_errors{env=\"staging\",slot=\"green\",role=\"canary\"}[37s]))"));
        Assert.That(queries.For("requests", "staging", ["green"], "canary", Window), Does.StartWith("sum(increase(deploy_edge_requests_total"));
    }

    [Test]
    public void An_override_split_at_its_commas_by_the_settings_is_joined_back()
    {
        // --prometheus-queries=p95=histogram_quantile(0.95, sum by (le) (rate(x{a="1",b="2"}[1m])));oldest-in-flight=max(y)
        // arrives split at every ',' and ';'.
        var queries = PrometheusQueries.From(["p95=histogram_quantile(0.95", "sum by (le) (rate(x{a=\"1\"", "b=\"2\"}[1m])))", "oldest-in-flight=max(y)"]);

        Assert.That(queries.For("p95", "e", ["blue"], "stable", Window), Is.EqualTo("histogram_quantile(0.95,sum by (le) (rate(x{a=\"1\",b=\"2\"}[1m])))"));
        Assert.That(queries.For("oldest-in-flight", "e", ["blue"], "stable", Window), Is.EqualTo("max(y)"));
    }

    [Test]
    public void A_label_matcher_with_a_regex_continues_the_query()
    {
        var queries = PrometheusQueries.From(["requests=sum(x{a=\"1\"", "slot=~\"{{slot}}\"})"]);

        Assert.That(queries.For("requests", "e", ["blue"], "stable", Window), Is.EqualTo("sum(x{a=\"1\",slot=~\"blue\"})"));
    }

    [Test]
    public void An_unknown_metric_is_refused_naming_it_and_the_valid_ones()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => PrometheusQueries.From(["latency=max(x)"]))!;

        Assert.That(refused.Message, Does.Contain("unknown metric 'latency'").And.Contain("requests, errors, p95, p99, oldest-in-flight"));
    }

    [Test]
    public void An_unknown_placeholder_is_refused_naming_it_and_the_valid_ones()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => PrometheusQueries.From(["p95=max(x{host=\"{{host}}\"})"]))!;

        Assert.That(refused.Message, Does.Contain("unknown placeholder {{host}} in the p95 query")
            .And.Contain("{{environment}}, {{slot}}, {{role}}, {{interval}}"));
    }

    [Test]
    public void An_item_that_is_not_metric_equals_query_is_refused() =>
        Assert.That(() => PrometheusQueries.From(["max(x)"]), Throws.TypeOf<RecipeUsageException>().With.Message.Contains("is not METRIC=PROMQL"));

    [Test]
    public void A_window_is_at_least_two_scrape_intervals() =>
        Assert.That(PrometheusAnalysisMetrics.WindowLength(TimeSpan.FromSeconds(3.2), TimeSpan.FromSeconds(15)), Is.EqualTo(TimeSpan.FromSeconds(30)));

    [Test]
    public void A_window_longer_than_two_scrapes_is_rounded_up_to_whole_seconds() =>
        Assert.That(PrometheusAnalysisMetrics.WindowLength(TimeSpan.FromSeconds(20.1), TimeSpan.FromSeconds(1)), Is.EqualTo(TimeSpan.FromSeconds(21)));
}
