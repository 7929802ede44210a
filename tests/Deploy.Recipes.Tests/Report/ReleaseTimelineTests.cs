using Deploy.Recipes.Audit.Report;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Health.Timeline;
using Deploy.Recipes.Targets;
using Deploy.Recipes.Tests.Edge;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Report;

/// <summary>
/// The release timeline against a real edge with the sample shop live in blue, under customer requests, beside an edge
/// that is down: the live edge's counters, weights and histogram are recorded, the dead one is skipped and counted.
/// </summary>
public sealed class ReleaseTimelineTests
{
    private EdgeUnderTest _edge = null!;
    private EdgeClient _client = null!;
    private EdgeClient _down = null!;
    private TemporaryFolder _folder = null!;
    private ReleaseTimeline _timeline = null!;
    private IReadOnlyList<TimelineSample> _samples = [];
    private EdgeMetrics _after = null!;

    [OneTimeSetUp]
    public async Task SampleAnEdgeUnderTraffic()
    {
        _folder = new TemporaryFolder("deploy-timeline-");
        _edge = await EdgeUnderTest.StartAsync();
        await _edge.StartRunningSlotAsync("blue", "1.0.0");
        await _edge.SetTrafficAsync(100, 0);
        _client = new EdgeClient(_edge.Endpoint, _edge.Token);
        var closed = FreePort.Next();
        _down = new EdgeClient(new EdgeEndpoint(0, "test", closed, closed, DateTimeOffset.UtcNow, "0"), "token", TimeSpan.FromSeconds(1));

        _timeline = ReleaseTimeline.Start(TimelineFolder.NewFile(_folder.Path), [("local", _client), ("down", _down)], TimeSpan.FromMilliseconds(200));
        // The requests go in two halves, each after a sample was taken, so at least one interval between samples holds
        // requests however fast this machine sends them (waits on the sample count, not a timed assertion).
        for (var half = 0; half < 2; half++)
        {
            await NextSamplesAsync(1);
            for (var i = 0; i < 30; i++)
                (await _edge.Public.GetAsync("version")).Dispose();
        }
        await NextSamplesAsync(2);
        await _timeline.DisposeAsync();
        _after = await _client.MetricsAsync();
        _samples = TimelineFolder.Read(_folder.Path, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
    }

    private async Task NextSamplesAsync(int count)
    {
        var seen = _timeline.Samples;
        for (var wait = 0; wait < 100 && _timeline.Samples < seen + count; wait++)
            await Task.Delay(100);
    }

    [OneTimeTearDown]
    public async Task EndTheEdge()
    {
        _client?.Dispose();
        _down?.Dispose();
        if (_edge != null)
            await _edge.DisposeAsync();
        _folder?.Dispose();
    }

    [Test]
    public void The_last_sample_holds_the_edge_s_customer_counters_weight_and_release()
    {
        var blue = _samples.Last(s => s.Host == "local").Slots.Single(s => s.Slot == "blue");

        Assert.That(blue.Requests, Is.EqualTo(_after.Slots["blue"].Customers!.Requests).And.AtLeast(60));
        Assert.That(blue.Errors, Is.Zero);
        Assert.That(blue.LatencyCounts.Sum(), Is.EqualTo(blue.Requests - blue.Errors));
        Assert.That(blue.LatencyBucketsMs, Is.EqualTo(_after.Slots["blue"].LatencyBucketsMs));
        Assert.That((blue.Weight, blue.Version, blue.Status, blue.Role), Is.EqualTo((100, "1.0.0", "running", "stable")));
    }

    [Test]
    public void An_edge_that_does_not_answer_is_skipped_and_counted_without_failing()
    {
        Assert.That(_samples.Select(s => s.Host).Distinct(), Is.EqualTo(new[] { "local" }));
        Assert.That(_timeline.Skipped, Is.GreaterThanOrEqualTo(_samples.Count), "one skip per round of samples");
    }

    [Test]
    public void The_samples_chart_the_requests_the_customers_sent()
    {
        var requests = TimelineSeries.Charts(_samples).Single(c => c.Id == "requests").Series.Single(s => s.Name == "blue");
        var first = _samples.First().Slots.Single(s => s.Slot == "blue").Requests;
        var last = _samples.Last().Slots.Single(s => s.Slot == "blue").Requests;

        Assert.That(_samples.Count, Is.GreaterThanOrEqualTo(3));
        Assert.That(requests.Peak, Is.GreaterThan(0));
        // The rates times their intervals add up to the requests counted between the first and last sample.
        var seconds = _samples.Select(s => s.TimeUtc).ToList();
        var counted = requests.Points.Select((p, i) => p.Value * (seconds[i + 1] - seconds[i]).TotalSeconds).Sum();
        Assert.That(counted, Is.EqualTo((double)(last - first)).Within(0.5));
    }
}
