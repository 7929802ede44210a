using Deploy.Recipes.Health.Analysis;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>The precise definition of a canary verdict, one rule per test.</summary>
public sealed class CanaryAnalysisTests
{
    private static readonly AnalysisLimits Limits = new(
        MaxErrorRate: 0.01, MaxLatencyRatio: 1.5, LatencyTolerance: TimeSpan.FromMilliseconds(25), MaxP95: TimeSpan.FromSeconds(2),
        MaxP99: TimeSpan.FromSeconds(5), MaxInFlightAge: TimeSpan.FromSeconds(5), MinRequests: 50);

    private static readonly SideMeasurement GoodStable = Side(1000, 2, p95: 40, p99: 80);

    [Test]
    public void Enough_good_traffic_on_both_sides_passes_and_quotes_both_sides()
    {
        var verdict = Judge(Side(200, 0, p95: 45, p99: 90), GoodStable);

        Assert.That(verdict.Outcome, Is.EqualTo(AnalysisOutcome.Pass));
        Assert.That(verdict.Description, Does.Contain("canary 200 requests, 0.0% 5xx, p95 45 ms, p99 90 ms, oldest in flight 0 ms"));
        Assert.That(verdict.Description, Does.Contain("stable 1,000 requests, 0.2% 5xx, p95 40 ms, p99 80 ms"));
    }

    [Test]
    public void A_5xx_share_above_max_error_rate_fails_and_quotes_both_error_rates()
    {
        var verdict = Judge(Side(200, 10, p95: 45, p99: 90), GoodStable);

        Assert.That(verdict.Outcome, Is.EqualTo(AnalysisOutcome.Fail));
        Assert.That(verdict.Description, Does.StartWith("canary 5xx share 5.0% > max-error-rate 1.0%"));
        Assert.That(verdict.Description, Does.Contain("canary 200 requests, 5.0% 5xx").And.Contain("stable 1,000 requests, 0.2% 5xx"));
    }

    [Test]
    public void A_5xx_share_at_the_limit_passes() =>
        Assert.That(Judge(Side(200, 2, p95: 45, p99: 90), GoodStable).Outcome, Is.EqualTo(AnalysisOutcome.Pass));

    [Test]
    public void Errors_that_break_the_limit_even_at_min_requests_fail_below_min_requests()
    {
        // 5 of 5 answered 5xx: even if the next 45 succeed, 5/50 = 10% > 1%.
        var verdict = Judge(Side(5, 5), GoodStable);

        Assert.That(verdict.Outcome, Is.EqualTo(AnalysisOutcome.Fail));
        Assert.That(verdict.Description, Does.StartWith("canary answered 5 of 5 customer requests 5xx"));
    }

    [Test]
    public void Errors_that_min_requests_could_still_dilute_are_inconclusive_not_a_failure()
    {
        var lenient = Limits with { MaxErrorRate = 0.05 };

        // 2 of 10: 2/50 = 4% <= 5%, so too early to say.
        Assert.That(CanaryAnalysis.Judge(Window(Side(10, 2), GoodStable), lenient).Outcome, Is.EqualTo(AnalysisOutcome.Inconclusive));
    }

    [Test]
    public void Fewer_canary_requests_than_min_requests_is_inconclusive_and_says_how_many()
    {
        var verdict = Judge(Side(12, 0, p95: 45, p99: 90), GoodStable);

        Assert.That(verdict.Outcome, Is.EqualTo(AnalysisOutcome.Inconclusive));
        Assert.That(verdict.Description, Does.StartWith("too little traffic to judge: canary 12 customer requests < min-requests 50"));
    }

    [Test]
    public void Fewer_stable_requests_than_min_requests_is_inconclusive() =>
        Assert.That(Judge(Side(200, 0, p95: 45, p99: 90), Side(10, 0, p95: 40, p99: 80)).Outcome, Is.EqualTo(AnalysisOutcome.Inconclusive));

    [Test]
    public void No_traffic_at_all_is_inconclusive() =>
        Assert.That(Judge(SideMeasurement.None, SideMeasurement.None).Outcome, Is.EqualTo(AnalysisOutcome.Inconclusive));

    [Test]
    public void A_canary_p95_above_the_absolute_limit_fails() =>
        Assert.That(Judge(Side(200, 0, p95: 2500, p99: 2600), Side(1000, 0, p95: 2400, p99: 2500)).Description,
            Does.StartWith("canary p95 2.5 s > max-p95-latency 2 s"));

    [Test]
    public void A_canary_p99_above_the_absolute_limit_fails() =>
        Assert.That(Judge(Side(200, 0, p95: 100, p99: 6000), Side(1000, 0, p95: 100, p99: 5500)).Description,
            Does.StartWith("canary p99 6 s > max-p99-latency 5 s"));

    [Test]
    public void Latency_limits_wait_for_min_requests_because_a_few_requests_make_no_percentile() =>
        Assert.That(Judge(Side(10, 0, p95: 3000, p99: 6000), GoodStable).Outcome, Is.EqualTo(AnalysisOutcome.Inconclusive));

    [Test]
    public void A_canary_more_than_max_latency_ratio_slower_than_stable_fails_and_quotes_the_ratio()
    {
        var verdict = Judge(Side(200, 0, p95: 100, p99: 120), GoodStable);

        Assert.That(verdict.Outcome, Is.EqualTo(AnalysisOutcome.Fail));
        Assert.That(verdict.Description, Does.StartWith("canary p95 100 ms is 2.5 x stable's 40 ms > max-latency-ratio 1.5"));
    }

    [Test]
    public void A_ratio_above_the_limit_within_latency_tolerance_passes()
    {
        // 4 ms against 2 ms is twice as slow but only 2 ms slower: noise.
        Assert.That(Judge(Side(200, 0, p95: 4, p99: 6), Side(1000, 0, p95: 2, p99: 3)).Outcome, Is.EqualTo(AnalysisOutcome.Pass));
    }

    [Test]
    public void The_ratio_is_not_judged_against_a_stable_side_below_min_requests() =>
        Assert.That(Judge(Side(200, 0, p95: 100, p99: 120), Side(10, 0, p95: 10, p99: 10)).Outcome, Is.EqualTo(AnalysisOutcome.Inconclusive));

    [Test]
    public void A_canary_request_in_flight_longer_than_max_latency_fails_as_a_hang_even_without_traffic()
    {
        var verdict = Judge(Side(3, 0, inFlight: 6000), GoodStable);

        Assert.That(verdict.Outcome, Is.EqualTo(AnalysisOutcome.Fail));
        Assert.That(verdict.Description, Does.StartWith("canary request in flight for 6 s > max-latency 5 s (hung)"));
    }

    [Test]
    public void Every_broken_limit_is_named()
    {
        var verdict = Judge(Side(200, 100, p95: 3000, p99: 6000, inFlight: 6000), GoodStable);

        Assert.That(verdict.Description, Does.Contain("max-error-rate").And.Contain("hung").And.Contain("max-p95-latency")
            .And.Contain("max-p99-latency").And.Contain("max-latency-ratio"));
    }

    [Test]
    public void A_stable_release_with_errors_does_not_fail_the_canary() =>
        Assert.That(Judge(Side(200, 0, p95: 40, p99: 80), Side(1000, 300, p95: 40, p99: 80)).Outcome, Is.EqualTo(AnalysisOutcome.Pass));

    [Test]
    public void The_verdict_names_the_window_and_the_provider() =>
        Assert.That(Judge(Side(200, 0, p95: 40, p99: 80), GoodStable).Description, Does.EndWith("over 20 s (edge)"));

    private static AnalysisVerdict Judge(SideMeasurement canary, SideMeasurement stable) => CanaryAnalysis.Judge(Window(canary, stable), Limits);

    private static WindowMeasurement Window(SideMeasurement canary, SideMeasurement stable) => new(stable, canary, TimeSpan.FromSeconds(20), "edge");

    private static SideMeasurement Side(long requests, long errors, double? p95 = null, double? p99 = null, double inFlight = 0) =>
        new(requests, errors, Ms(p95), Ms(p99), TimeSpan.FromMilliseconds(inFlight));

    private static TimeSpan? Ms(double? ms) => ms is { } v ? TimeSpan.FromMilliseconds(v) : null;
}
