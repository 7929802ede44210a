using Deploy.Recipes.Health.Analysis;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>Quantiles read from a latency histogram as Prometheus's histogram_quantile reads them.</summary>
public sealed class HistogramQuantileTests
{
    private static readonly IReadOnlyList<double> Bounds = [10, 100, 1000, -1];

    [Test]
    public void An_empty_histogram_has_no_quantile() =>
        Assert.That(HistogramQuantile.Of(Bounds, [0, 0, 0, 0], 0.95), Is.Null);

    [Test]
    public void The_rank_is_interpolated_linearly_inside_its_bucket()
    {
        // 100 requests, all between 10 and 100 ms: p95 is 95% of the way from 10 to 100.
        Assert.That(HistogramQuantile.Of(Bounds, [0, 100, 0, 0], 0.95)!.Value.TotalMilliseconds, Is.EqualTo(10 + 90 * 0.95).Within(1e-9));
    }

    [Test]
    public void The_first_bucket_starts_at_zero() =>
        Assert.That(HistogramQuantile.Of(Bounds, [10, 0, 0, 0], 0.5)!.Value.TotalMilliseconds, Is.EqualTo(5).Within(1e-9));

    [Test]
    public void Ranks_skip_the_buckets_below_them()
    {
        // 90 fast, 10 slow: p95 is the middle of the 100-1000 ms bucket.
        Assert.That(HistogramQuantile.Of(Bounds, [90, 0, 10, 0], 0.95)!.Value.TotalMilliseconds, Is.EqualTo(550).Within(1e-9));
    }

    [Test]
    public void A_rank_in_the_infinite_bucket_gives_the_largest_finite_bound() =>
        Assert.That(HistogramQuantile.Of(Bounds, [1, 0, 0, 99], 0.95)!.Value.TotalMilliseconds, Is.EqualTo(1000));
}
