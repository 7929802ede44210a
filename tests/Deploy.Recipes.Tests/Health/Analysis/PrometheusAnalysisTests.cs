using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;
using Deploy.Recipes.Tests.Edge;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>
/// The <c>prometheus</c> analysis provider against a real Prometheus (Debian's) scraping a real edge every second: the
/// sample shop runs stable in blue and as a canary in green (answering every customer request 500), half the
/// traffic each. One edge and one Prometheus serve every test; the tests run in order because the last one stops
/// Prometheus and the first needs a quiet edge.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PrometheusAnalysisTests
{
    private static readonly AnalysisLimits Limits = AnalysisLimits.From(new DeploySettings());
    private EdgeUnderTest _edge = null!;
    private EdgeClient _client = null!;
    private LoopbackPrometheus _prometheus = null!;
    private IReadOnlyList<AnalysisHost> _hosts = null!;

    [OneTimeSetUp]
    public async Task StartEdgeAndPrometheus()
    {
        Assume.That(LoopbackPrometheus.Installed, "Debian's prometheus is not installed (test.sh installs it)");
        _edge = await EdgeUnderTest.StartAsync();
        await _edge.StartRunningSlotAsync("blue", "1.0.0-stable");
        await _edge.StartSlotAsync("green", new StartSlot("r-canary", "2.0.0-canary", SampleShop.Directory, "Shop.dll", new Dictionary<string, string>
        {
            ["Shop__Version"] = "2.0.0-canary",
            ["Shop__FailAfterSeconds"] = "0",
            ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(_edge.StateDirectory, "shop.db")}",
        }));
        await _edge.WaitForSlotAsync("green", SlotStatus.Running);
        _client = new EdgeClient(_edge.Endpoint, _edge.Token);
        await _client.SetTrafficAsync(new Dictionary<string, int> { ["blue"] = 50, ["green"] = 50 }, canary: "green");
        _hosts = [new AnalysisHost("local", _client, "blue", "green")];
        _prometheus = await LoopbackPrometheus.StartAsync((_edge.Endpoint.AdminPort, Path.Combine(_edge.StateDirectory, EdgeFiles.Token)));
    }

    [OneTimeTearDown]
    public async Task StopThem()
    {
        if (_prometheus != null)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
                await TestContext.Out.WriteLineAsync($"prometheus output:\n{_prometheus.Output}");
            await _prometheus.DisposeAsync();
        }

        _client?.Dispose();
        if (_edge != null)
            await _edge.DisposeAsync();
    }

    [Order(1)]
    [TestCase(InconclusiveAction.Pause, StepAnalysisOutcome.PausedInconclusive)]
    [TestCase(InconclusiveAction.Fail, StepAnalysisOutcome.Failed)]
    public async Task With_no_customer_traffic_a_step_ends_as_on_inconclusive_says(InconclusiveAction action, StepAnalysisOutcome expected)
    {
        var verdicts = new List<AnalysisVerdict>();
        var policy = new StepAnalysisPolicy(Pause: TimeSpan.FromSeconds(1), Interval: TimeSpan.FromSeconds(1), MaxExtension: TimeSpan.FromSeconds(1), action, MaxErrors: 2);

        var result = await StepAnalysis.RunAsync(Provider(), _hosts, policy, Limits, verdicts.Add, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(expected), result.Description);
        Assert.That(verdicts.Select(v => v.Outcome), Is.All.EqualTo(AnalysisOutcome.Inconclusive));
        Assert.That(result.Description, Does.Contain("too little traffic to judge: canary 0, stable 0 customer requests"));
        Assert.That(result.Description, Does.Contain($"on-inconclusive={action.ToString().ToLowerInvariant()}").And.Contain("(prometheus)"));
    }

    [Test, Order(2)]
    public async Task Prometheus_measures_the_same_window_as_the_edge_within_scrape_granularity()
    {
        var edgeWindow = await new EdgeAnalysisMetrics().BeginAsync(_hosts, CancellationToken.None);
        var prometheusWindow = await Provider().BeginAsync(_hosts, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a scrape of the quiet counters inside the window
        using var customers = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false }) { BaseAddress = _edge.Public.BaseAddress };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(6);
        await CustomerRequests.SendAsync(customers, workers: 4, _ => DateTime.UtcNow < until);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two scrapes after the last request

        var byEdge = await edgeWindow.MeasureAsync(CancellationToken.None);
        var byPrometheus = await prometheusWindow.MeasureAsync(CancellationToken.None);

        TestContext.Out.WriteLine($"edge:       canary {CanaryAnalysis.Side(byEdge.Canary)}; stable {CanaryAnalysis.Side(byEdge.Stable)}");
        TestContext.Out.WriteLine($"prometheus: canary {CanaryAnalysis.Side(byPrometheus.Canary)}; stable {CanaryAnalysis.Side(byPrometheus.Stable)}");
        Assert.That(byEdge.Stable.Requests, Is.GreaterThan(100), "the load reached the stable release");
        Assert.That(byEdge.Canary.Errors, Is.EqualTo(byEdge.Canary.Requests).And.GreaterThan(100), "the canary answered every customer 500");
        // increase() extrapolates to the ends of its range: up to one scrape interval's share of the window either way.
        var share = 2 * LoopbackPrometheus.ScrapeInterval / byPrometheus.Length;
        Assert.Multiple(() =>
        {
            AssertClose(byPrometheus.Stable.Requests, byEdge.Stable.Requests, share, "stable requests");
            AssertClose(byPrometheus.Canary.Requests, byEdge.Canary.Requests, share, "canary requests");
            AssertClose(byPrometheus.Canary.Errors, byEdge.Canary.Errors, share, "canary 5xx");
            Assert.That(byPrometheus.Stable.Errors, Is.EqualTo(byEdge.Stable.Errors), "stable 5xx");
            // Scaling every bucket alike moves no quantile: the stable side's percentiles agree closely.
            Assert.That(byPrometheus.Stable.P95!.Value.TotalMilliseconds, Is.EqualTo(byEdge.Stable.P95!.Value.TotalMilliseconds).Within(10).Percent, "stable p95");
            Assert.That(byPrometheus.Stable.P99!.Value.TotalMilliseconds, Is.EqualTo(byEdge.Stable.P99!.Value.TotalMilliseconds).Within(10).Percent, "stable p99");
            Assert.That(CanaryAnalysis.Judge(byPrometheus, Limits).Outcome, Is.EqualTo(AnalysisOutcome.Fail));
        });
    }

    [Test, Order(3)]
    public async Task With_prometheus_stopped_the_step_aborts_after_max_analysis_errors_without_naming_the_server()
    {
        await _prometheus.StopAsync();
        var verdicts = new List<AnalysisVerdict>();
        var policy = new StepAnalysisPolicy(Pause: TimeSpan.FromSeconds(30), Interval: TimeSpan.FromMilliseconds(200), MaxExtension: TimeSpan.Zero, InconclusiveAction.Pause, MaxErrors: 3);

        var result = await StepAnalysis.RunAsync(Provider(), _hosts, policy, Limits, verdicts.Add, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(StepAnalysisOutcome.AbortedOnErrors));
        Assert.That(verdicts, Has.Count.EqualTo(4));
        Assert.That(verdicts.Select(v => v.Outcome), Is.All.EqualTo(AnalysisOutcome.Error));
        Assert.That(result.Description, Does.StartWith("4 consecutive analysis errors > max-analysis-errors 3: metrics unavailable (prometheus): Prometheus could not be reached")
            .And.Contain("connection refused"));
        Assert.That(verdicts.Select(v => v.Description), Has.None.Contain(_prometheus.Port.ToString()));
    }

    private PrometheusAnalysisMetrics Provider() => new(_prometheus.Url, "test", PrometheusQueries.From([]));

    private static void AssertClose(long actual, long expected, double share, string what) =>
        Assert.That(actual, Is.InRange((long)Math.Floor(expected * (1 - share)) - 1, (long)Math.Ceiling(expected * (1 + share)) + 1), what);
}
