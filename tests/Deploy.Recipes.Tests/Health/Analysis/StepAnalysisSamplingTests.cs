using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>
/// Between two verdicts, a provider with live numbers is sampled for failures that need no percentile. The provider
/// here is a scripted stand-in of the recipe's own interface (the real edge is read by the end-to-end canary tests).
/// </summary>
public sealed class StepAnalysisSamplingTests
{
    private static readonly AnalysisLimits Limits = AnalysisLimits.From(new DeploySettings());

    // A step whose first verdict is due only after 10 minutes.
    private static readonly StepAnalysisPolicy LongStep = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.Zero, InconclusiveAction.Pause, 4);

    [Test]
    public async Task A_canary_failing_every_request_ends_the_step_at_a_sample_long_before_the_verdict_is_due()
    {
        var metrics = new ScriptedMetrics(TimeSpan.FromMilliseconds(20), samplesBeforeFailing: 3);
        var reported = new List<AnalysisVerdict>();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // without sampling, the step would wait 10 minutes

        var result = await StepAnalysis.RunAsync(metrics, [], LongStep, Limits, reported.Add, guard.Token);

        Assert.That(result.Outcome, Is.EqualTo(StepAnalysisOutcome.Failed));
        Assert.That(reported, Has.Count.EqualTo(1), "only the failing sample is reported; quiet samples are not verdicts");
        Assert.That(reported[0].Description, Does.Contain("5xx"));
    }

    [Test]
    public void A_provider_without_live_numbers_is_not_sampled_between_verdicts()
    {
        var metrics = new ScriptedMetrics(sampleEvery: null, samplesBeforeFailing: 0);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        Assert.That(async () => await StepAnalysis.RunAsync(metrics, [], LongStep, Limits, _ => { }, stop.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(metrics.Measured, Is.Zero);
    }

    private sealed class ScriptedMetrics(TimeSpan? sampleEvery, int samplesBeforeFailing) : IAnalysisMetrics
    {
        public int Measured;

        private int FailFrom => samplesBeforeFailing;

        public string Name => "scripted";

        public TimeSpan? SampleEvery => sampleEvery;

        public Task<IAnalysisWindow> BeginAsync(IReadOnlyList<AnalysisHost> hosts, CancellationToken cancel) => Task.FromResult<IAnalysisWindow>(new Window(this));

        public Task<SideMeasurement> LookBackAsync(IReadOnlyList<AnalysisHost> hosts, TimeSpan length, CancellationToken cancel) => Task.FromResult(SideMeasurement.None);

        private sealed class Window(ScriptedMetrics metrics) : IAnalysisWindow
        {
            public Task<WindowMeasurement> MeasureAsync(CancellationToken cancel)
            {
                var sample = Interlocked.Increment(ref metrics.Measured);
                var canary = sample > metrics.FailFrom ? new SideMeasurement(3, 3, null, null, TimeSpan.Zero) : SideMeasurement.None;
                return Task.FromResult(new WindowMeasurement(new SideMeasurement(40, 0, null, null, TimeSpan.Zero), canary, TimeSpan.FromSeconds(1), "scripted"));
            }
        }
    }
}
