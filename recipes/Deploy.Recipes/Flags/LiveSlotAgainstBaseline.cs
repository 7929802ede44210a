using Deploy.Recipes.Health.Analysis;

namespace Deploy.Recipes.Flags;

/// <summary>
/// The analysis of a flag change: there is no second release to compare with, so the live slot after the change (the
/// canary side of the hosts' window) is judged against what the same slot served before it (<paramref name="baseline"/>,
/// read with <see cref="IAnalysisMetrics.LookBackAsync"/> before the flags file was written), by the same provider.
/// </summary>
public sealed class LiveSlotAgainstBaseline(IAnalysisMetrics metrics, SideMeasurement baseline) : IAnalysisMetrics
{
    /// <inheritdoc />
    public string Name => metrics.Name;

    /// <inheritdoc />
    public TimeSpan? SampleEvery => metrics.SampleEvery;

    /// <inheritdoc />
    public async Task<IAnalysisWindow> BeginAsync(IReadOnlyList<AnalysisHost> hosts, CancellationToken cancel) =>
        new Window(await metrics.BeginAsync(hosts, cancel), baseline);

    /// <inheritdoc />
    public Task<SideMeasurement> LookBackAsync(IReadOnlyList<AnalysisHost> hosts, TimeSpan length, CancellationToken cancel) =>
        metrics.LookBackAsync(hosts, length, cancel);

    private sealed class Window(IAnalysisWindow window, SideMeasurement baseline) : IAnalysisWindow
    {
        public async Task<WindowMeasurement> MeasureAsync(CancellationToken cancel) =>
            await window.MeasureAsync(cancel) with { Stable = baseline };
    }
}
