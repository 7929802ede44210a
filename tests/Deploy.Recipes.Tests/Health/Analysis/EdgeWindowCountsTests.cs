using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Health.Analysis;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>How the edge provider turns two readings of the edges' customer counters into one window.</summary>
public sealed class EdgeWindowCountsTests
{
    private static readonly IReadOnlyList<double> Bounds = [10, 100, -1];

    [Test]
    public void A_window_counts_only_what_happened_after_its_start()
    {
        var delta = EdgeAnalysisMetrics.Delta(Slot(requests: 100, errors: 5, latency: [90, 5, 0]), Slot(requests: 150, errors: 6, latency: [135, 9, 0]));

        Assert.That((delta.Requests, delta.Errors), Is.EqualTo((50L, 1L)));
        Assert.That(delta.Latency, Is.EqualTo(new long[] { 45, 4, 0 }));
    }

    [Test]
    public void Counters_lower_than_at_the_start_mean_the_slot_restarted_and_count_from_zero()
    {
        var delta = EdgeAnalysisMetrics.Delta(Slot(requests: 100, errors: 0, latency: [100, 0, 0]), Slot(requests: 30, errors: 1, latency: [29, 0, 0]));

        Assert.That((delta.Requests, delta.Errors), Is.EqualTo((30L, 1L)));
        Assert.That(delta.Latency, Is.EqualTo(new long[] { 29, 0, 0 }));
    }

    [Test]
    public void Hosts_are_summed_and_the_oldest_in_flight_is_the_oldest_of_any_host()
    {
        var side = EdgeAnalysisMetrics.Sum([
            EdgeAnalysisMetrics.Delta(null, Slot(requests: 100, errors: 1, latency: [99, 0, 0], oldestMs: 30)),
            EdgeAnalysisMetrics.Delta(null, Slot(requests: 100, errors: 3, latency: [0, 97, 0], oldestMs: 700)),
        ]);

        Assert.That((side.Requests, side.Errors), Is.EqualTo((200L, 4L)));
        Assert.That(side.OldestInFlight, Is.EqualTo(TimeSpan.FromMilliseconds(700)));
        Assert.That(side.P95!.Value.TotalMilliseconds, Is.GreaterThan(10).And.LessThanOrEqualTo(100));
    }

    [Test]
    public void No_hosts_measure_nothing() =>
        Assert.That(EdgeAnalysisMetrics.Sum([]), Is.EqualTo(SideMeasurement.None));

    private static EdgeAnalysisMetrics.SlotCounters Slot(long requests, long errors, long[] latency, double oldestMs = 0) =>
        new(new CustomerMetrics(requests, errors, 0, latency, oldestMs, [0, 0, 0]), Bounds);
}
