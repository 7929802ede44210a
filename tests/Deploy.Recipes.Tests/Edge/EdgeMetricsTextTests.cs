using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>The edge's Prometheus exposition, written from fixed figures and read back with a strict reader.</summary>
[TestFixture]
public sealed class EdgeMetricsTextTests
{
    private static readonly double[] Bounds = [0.001, 0.01, 0.1, 1];

    private static readonly ExportedSlot Blue = new("blue", "stable", 70, "r-1 \"quoted\" \\ back\nslash", "1.0.0",
        Requests(customer2xx: 90, customer5xx: 10, operator2xx: 4, pinned2xx: 3), [5, 40, 50, 0, 5], 12.5, 2, 0.25);

    private static readonly ExportedSlot Green = new("green", "canary", 30, "r-2", "2.0.0",
        Requests(customer2xx: 7, customer5xx: 0, operator2xx: 0, pinned2xx: 0), [0, 0, 3, 4, 0], 2.75, 0, 0);

    private static readonly ExportedSlot Empty = new("green", "idle", 0, null, null, Requests(0, 0, 0, 0), [0, 0, 0, 0, 0], 0, 0, 0);

    private static ExpositionText Read(params ExportedSlot[] slots) =>
        ExpositionText.Parse(EdgeMetricsText.Write("prod \"eu\"", Bounds, slots));

    [Test]
    public void Every_series_has_help_and_type_and_only_the_contract_names()
    {
        var text = Read(Blue, Green);

        var families = new Dictionary<string, string>
        {
            [EdgeMetricNames.Requests] = "counter",
            [EdgeMetricNames.Duration] = "histogram",
            [EdgeMetricNames.InFlight] = "gauge",
            [EdgeMetricNames.OldestInFlight] = "gauge",
            [EdgeMetricNames.Weight] = "gauge",
            [EdgeMetricNames.ReleaseInfo] = "gauge",
        };
        Assert.That(text.Types, Is.EquivalentTo(families));
        Assert.That(text.Helped, Is.EquivalentTo(families.Keys));
        var sampleNames = text.Samples.Select(s => s.Name).Distinct();
        Assert.That(sampleNames, Is.EquivalentTo(families.Keys.Where(n => n != EdgeMetricNames.Duration)
            .Concat(new[] { "_bucket", "_sum", "_count" }.Select(suffix => EdgeMetricNames.Duration + suffix))));
    }

    [Test]
    public void Label_values_are_escaped_and_read_back_unchanged()
    {
        var info = Read(Blue, Green).Where(EdgeMetricNames.ReleaseInfo, ("slot", "blue")).Single();

        Assert.That(info.Labels["release"], Is.EqualTo("r-1 \"quoted\" \\ back\nslash"));
        Assert.That(info.Labels["environment"], Is.EqualTo("prod \"eu\""));
        Assert.That(info.Labels["role"], Is.EqualTo("stable"));
        Assert.That(info.Value, Is.EqualTo(1));
    }

    [Test]
    public void Requests_carry_slot_role_class_and_source()
    {
        var text = Read(Blue, Green);

        Assert.That(text.Where(EdgeMetricNames.Requests, ("slot", "blue"), ("role", "stable"), ("class", "2xx"), ("source", "customer")).Single().Value, Is.EqualTo(90));
        Assert.That(text.Where(EdgeMetricNames.Requests, ("slot", "blue"), ("class", "5xx"), ("source", "customer")).Single().Value, Is.EqualTo(10));
        Assert.That(text.Where(EdgeMetricNames.Requests, ("slot", "blue"), ("class", "2xx"), ("source", "operator")).Single().Value, Is.EqualTo(4));
        Assert.That(text.Where(EdgeMetricNames.Requests, ("slot", "blue"), ("class", "2xx"), ("source", "pinned")).Single().Value, Is.EqualTo(3));
        Assert.That(text.Where(EdgeMetricNames.Requests, ("slot", "green"), ("role", "canary"), ("class", "2xx"), ("source", "customer")).Single().Value, Is.EqualTo(7));
        Assert.That(text.Where(EdgeMetricNames.Requests).Select(s => s.Labels["class"]).Distinct(), Is.EquivalentTo(new[] { "1xx", "2xx", "3xx", "4xx", "5xx" }));
    }

    [Test]
    public void The_histogram_is_cumulative_in_seconds_and_its_inf_bucket_equals_its_count()
    {
        var text = Read(Blue, Green);

        foreach (var slot in new[] { "blue", "green" })
        {
            var buckets = text.Where(EdgeMetricNames.Duration + "_bucket", ("slot", slot)).ToList();
            Assert.That(buckets.Select(b => b.Labels["le"]), Is.EqualTo(new[] { "0.001", "0.01", "0.1", "1", "+Inf" }));
            Assert.That(buckets.Select(b => b.Value), Is.Ordered.Ascending);
            Assert.That(buckets[^1].Value, Is.EqualTo(text.Where(EdgeMetricNames.Duration + "_count", ("slot", slot)).Single().Value));
        }

        Assert.That(text.Where(EdgeMetricNames.Duration + "_bucket", ("slot", "blue")).Select(b => b.Value), Is.EqualTo(new double[] { 5, 45, 95, 95, 100 }));
        Assert.That(text.Where(EdgeMetricNames.Duration + "_sum", ("slot", "blue")).Single().Value, Is.EqualTo(12.5));
    }

    [Test]
    public void Gauges_give_weight_in_flight_and_oldest_in_flight_per_slot_and_role()
    {
        var text = Read(Blue, Green);

        Assert.That(text.Where(EdgeMetricNames.Weight, ("slot", "green"), ("role", "canary")).Single().Value, Is.EqualTo(30));
        Assert.That(text.Where(EdgeMetricNames.InFlight, ("slot", "blue")).Single().Value, Is.EqualTo(2));
        Assert.That(text.Where(EdgeMetricNames.OldestInFlight, ("slot", "blue")).Single().Value, Is.EqualTo(0.25));
    }

    [Test]
    public void A_slot_without_a_release_has_no_release_info_but_its_other_series()
    {
        var text = Read(Blue, Empty);

        Assert.That(text.Where(EdgeMetricNames.ReleaseInfo, ("slot", "green")), Is.Empty);
        Assert.That(text.Where(EdgeMetricNames.Weight, ("slot", "green"), ("role", "idle")).Single().Value, Is.EqualTo(0));
    }

    private static long[] Requests(long customer2xx, long customer5xx, long operator2xx, long pinned2xx)
    {
        var counts = new long[EdgeMetricsText.Sources.Count * EdgeMetricsText.Classes.Count];
        counts[0 * 5 + 1] = customer2xx;
        counts[0 * 5 + 4] = customer5xx;
        counts[1 * 5 + 1] = operator2xx;
        counts[2 * 5 + 1] = pinned2xx;
        return counts;
    }
}
