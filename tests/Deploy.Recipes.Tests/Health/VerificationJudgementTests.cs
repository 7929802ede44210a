using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Health;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health;

/// <summary>The post-switch judgement as a pure function of the edge's customer counters for the new slot.</summary>
public sealed class VerificationJudgementTests
{
    // Upper bounds in ms; -1 is +inf. Buckets: <=100, <=1000, <=5000, <=6000, >6000.
    private static readonly IReadOnlyList<double> Bounds = [100, 1000, 5000, 6000, -1];
    private static readonly VerificationLimits Limits = new(MaxErrorRate: 0.01, MaxLatency: TimeSpan.FromSeconds(5));
    private static readonly CustomerMetrics Nothing = Customers();

    [Test]
    public void A_window_of_fast_good_customer_requests_passes_and_names_how_many_it_judged()
    {
        var verdict = Judge(Customers(fast: 200), windowEndedAgo: TimeSpan.Zero, operatorRequests: 12);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Passed));
        Assert.That(verdict.CustomerRequests, Is.EqualTo(200));
        Assert.That(verdict.Description, Does.StartWith("judged 200 customer requests: 0 failed").And.Contain("12 operator probes not counted"));
    }

    [Test]
    public void Only_requests_after_the_baseline_are_judged()
    {
        var verdict = VerificationJudgement.Judge(
            new VerificationSample(Customers(fast: 1000, errors: 50), Customers(fast: 1100, errors: 50), Bounds, 0, null, TimeSpan.Zero), Limits);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Passed));
        Assert.That(verdict.CustomerRequests, Is.EqualTo(100));
        Assert.That(verdict.Errors, Is.Zero);
    }

    [Test]
    public void A_share_of_5xx_above_the_limit_fails_at_once_without_waiting_for_the_window()
    {
        var verdict = Judge(Customers(fast: 95, errors: 5), windowEndedAgo: null);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Failed));
        Assert.That(verdict.Description, Does.StartWith("5 of 100 customer requests failed (5 answered 5xx").And.Contain("5.0% > 1.0% allowed"));
    }

    [Test]
    public void A_share_of_5xx_within_the_limit_passes()
    {
        var verdict = Judge(Customers(fast: 999, errors: 1), windowEndedAgo: TimeSpan.Zero);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Passed));
        Assert.That(verdict.Failed, Is.EqualTo(1));
    }

    [Test]
    public void Requests_answered_slower_than_max_latency_count_as_failed()
    {
        var verdict = Judge(Customers(fast: 10, slowerThan5s: 10), windowEndedAgo: null);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Failed));
        Assert.That(verdict.Slow, Is.EqualTo(10));
        Assert.That(verdict.Description, Does.Contain("10 answered slower than 5 s"));
    }

    [Test]
    public void Requests_answered_exactly_within_max_latency_are_not_slow()
    {
        var verdict = Judge(Customers(fast: 10, within5s: 10), windowEndedAgo: TimeSpan.Zero);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Passed));
        Assert.That(verdict.Slow, Is.Zero);
    }

    [Test]
    public void A_limit_between_two_bucket_bounds_counts_the_bucket_that_straddles_it_as_slow()
    {
        var verdict = VerificationJudgement.Judge(
            new VerificationSample(Nothing, Customers(fast: 10, within5s: 10), Bounds, 0, null, TimeSpan.Zero),
            Limits with { MaxLatency = TimeSpan.FromSeconds(3) });

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Failed));
        Assert.That(verdict.Slow, Is.EqualTo(10));
    }

    [Test]
    public void Requests_hanging_longer_than_max_latency_fail_the_release_while_they_hang()
    {
        // A hung checkout: nothing completes, three customer requests have waited more than 5 s.
        var verdict = Judge(Customers(inFlightOver5s: 3, oldestInFlightMs: 7200), windowEndedAgo: null);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Failed));
        Assert.That(verdict.CustomerRequests, Is.EqualTo(3));
        Assert.That(verdict.Hung, Is.EqualTo(3));
        Assert.That(verdict.Description, Does.StartWith("3 of 3 customer requests failed").And.Contain("3 in flight longer than 5 s"));
    }

    [Test]
    public void Requests_in_flight_for_less_than_max_latency_are_not_judged_yet()
    {
        var verdict = Judge(Customers(fast: 10, inFlightUnder5s: 4, oldestInFlightMs: 900), windowEndedAgo: null);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Watching));
        Assert.That(verdict.CustomerRequests, Is.EqualTo(10));
    }

    [Test]
    public void After_the_window_the_gate_waits_for_requests_that_started_in_it()
    {
        var pending = Customers(fast: 10, inFlightUnder5s: 1, oldestInFlightMs: 3000);

        Assert.That(Judge(pending, windowEndedAgo: TimeSpan.FromSeconds(1)).State, Is.EqualTo(VerificationState.Watching),
            "a request that started before the window ended is still in flight and within the limit");
        Assert.That(Judge(pending with { OldestInFlightMs = 400 }, windowEndedAgo: TimeSpan.FromSeconds(1)).State, Is.EqualTo(VerificationState.Passed),
            "every request still in flight started after the window ended");
        Assert.That(Judge(pending, windowEndedAgo: TimeSpan.FromSeconds(5)).State, Is.EqualTo(VerificationState.Passed),
            "by then any request from the window is either done or counted as hung");
    }

    [Test]
    public void A_readiness_probe_that_fails_fails_the_release_even_without_customer_errors()
    {
        var verdict = VerificationJudgement.Judge(
            new VerificationSample(Nothing, Customers(fast: 50), Bounds, 1, "no answer within 5 s", null), Limits);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Failed));
        Assert.That(verdict.Description, Does.StartWith("the new release did not answer /health/ready with 2xx within 5 s (no answer within 5 s)"));
    }

    [Test]
    public void Without_customer_traffic_readiness_alone_decides_and_the_verdict_says_so()
    {
        var verdict = Judge(Nothing, windowEndedAgo: TimeSpan.Zero, operatorRequests: 10);

        Assert.That(verdict.State, Is.EqualTo(VerificationState.Passed));
        Assert.That(verdict.Description, Does.StartWith("judged 0 customer requests").And.Contain("no customer traffic"));
    }

    private static VerificationVerdict Judge(CustomerMetrics now, TimeSpan? windowEndedAgo, long operatorRequests = 0) =>
        VerificationJudgement.Judge(new VerificationSample(Nothing, now, Bounds, 0, null, windowEndedAgo, operatorRequests), Limits);

    private static CustomerMetrics Customers(
        long fast = 0, long within5s = 0, long slowerThan5s = 0, long errors = 0, int inFlightUnder5s = 0, int inFlightOver5s = 0, double oldestInFlightMs = 0) =>
        new(fast + within5s + slowerThan5s + errors, errors, inFlightUnder5s + inFlightOver5s,
            [fast, 0, within5s, slowerThan5s, 0], oldestInFlightMs, [0, inFlightUnder5s, 0, inFlightOver5s, 0]);
}
