namespace Deploy.Recipes.Health.Analysis;

/// <summary>
/// Where analysis reads its numbers (<c>analysis-provider</c>): the edges directly, or a Prometheus server scraping
/// them. Providers only measure; judging is <c>CanaryAnalysis</c>'s. Every failure to read is thrown as
/// <see cref="AnalysisMetricsUnavailableException"/>, which the caller judges as <see cref="AnalysisOutcome.Error"/>.
/// </summary>
public interface IAnalysisMetrics
{
    /// <summary>The provider's name (<c>edge</c>, <c>prometheus</c>).</summary>
    string Name { get; }

    /// <summary>
    /// How often a window may be sampled between verdicts for a failure that needs no percentile (errors, a hang), so a
    /// canary that fails every request is stopped within a fraction of a second instead of at the next verdict; null
    /// when the provider's numbers do not change that often (Prometheus changes once per scrape).
    /// </summary>
    TimeSpan? SampleEvery { get; }

    /// <summary>Starts a window now over <paramref name="hosts"/>; measure it with <see cref="IAnalysisWindow.MeasureAsync"/>.</summary>
    Task<IAnalysisWindow> BeginAsync(IReadOnlyList<AnalysisHost> hosts, CancellationToken cancel);

    /// <summary>
    /// What the hosts' stable slots served before now, over up to <paramref name="length"/>: the baseline when there is
    /// no second release to compare with (a flag change, the post-promotion watch). The edge, which keeps no history,
    /// gives what the slots served since their process started.
    /// </summary>
    Task<SideMeasurement> LookBackAsync(IReadOnlyList<AnalysisHost> hosts, TimeSpan length, CancellationToken cancel);
}

/// <summary>An analysis window that started at <see cref="IAnalysisMetrics.BeginAsync"/>.</summary>
public interface IAnalysisWindow
{
    /// <summary>Both sides from the window's start until now (a host without a canary slot adds only to the stable side).</summary>
    Task<WindowMeasurement> MeasureAsync(CancellationToken cancel);
}

/// <summary>The metrics could not be read; the message says from where and why (never a secret).</summary>
public sealed class AnalysisMetricsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
