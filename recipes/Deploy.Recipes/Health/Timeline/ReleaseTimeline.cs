using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Health.Timeline;

/// <summary>
/// Samples every host's edge about once a second in the background while a task changes a release (Deploy, Rollback,
/// Promote, Abort), appending <see cref="TimelineSample"/> lines to a file of the environment's timeline folder, so a
/// report can later draw requests, errors, latency and weights over the release. Sampling never fails or slows the
/// release: an edge that does not answer in time is skipped and counted, and disposing stops the loop after one last
/// sample.
/// </summary>
public sealed class ReleaseTimeline : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<(string Host, ITrafficEdge Edge)> _edges;
    private readonly TimeSpan _interval;
    private readonly FileStream? _file;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly DeployContext? _log;
    private int _samples;
    private int _skipped;

    private ReleaseTimeline(string? file, IReadOnlyList<(string Host, ITrafficEdge Edge)> edges, TimeSpan interval, DeployContext? log)
    {
        _edges = edges;
        _log = log;
        _interval = interval;
        File = file;
        if (file != null)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                _file = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
            {
                _file = null;
            }
        }

        _loop = _file == null || edges.Count == 0 ? Task.CompletedTask : Task.Run(RunAsync);
    }

    /// <summary>The file the samples go to (null when it could not be opened: nothing is sampled then).</summary>
    public string? File { get; }

    /// <summary>Samples written so far (one per host and moment).</summary>
    public int Samples => Volatile.Read(ref _samples);

    /// <summary>Samples skipped because an edge did not answer in time or failed.</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    /// <summary>
    /// Starts sampling the edges of <paramref name="hosts"/> (those that have one) into a new file of the environment's
    /// timeline folder. Never throws: a timeline that cannot start samples nothing.
    /// </summary>
    public static ReleaseTimeline Start(DeployContext context, IReadOnlyList<ITargetHost> hosts)
    {
        // Not on a fleet yet: sampling the edges through the SSH tunnels beside the strategy's own calls made its first edge
        // call outlive its 5 s timeout now and then (a fleet test in three failed). Until that is understood, a fleet's
        // report has its steps, checks and events but no charts.
        if (context.Hosts.Count > 0)
        {
            context.Verbose("Release timeline: not sampled on a fleet over SSH (the report shows no charts).");
            return new ReleaseTimeline(null, [], TimeSpan.FromSeconds(1), null);
        }

        try
        {
            var folder = context.Paths.Timelines;
            TimelineFolder.Prune(folder, keep: 100);
            return new ReleaseTimeline(TimelineFolder.NewFile(folder), hosts.Where(h => h.Edge != null).Select(h => (h.Name, h.Edge!)).ToList(), TimeSpan.FromSeconds(1), context);
        }
        catch (Exception failure)
        {
            context.Verbose("Release timeline not started: {0}", context.Secrets.Apply(failure.Message));
            return new ReleaseTimeline(null, [], TimeSpan.FromSeconds(1), null);
        }
    }

    /// <summary>Starts sampling <paramref name="edges"/> every <paramref name="interval"/> into <paramref name="file"/> (appended).</summary>
    public static ReleaseTimeline Start(string file, IReadOnlyList<(string Host, ITrafficEdge Edge)> edges, TimeSpan interval) =>
        new(file, edges, interval, null);

    /// <summary>Stops sampling after one last sample of every edge.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
            if (_file != null && _edges.Count > 0)
            {
                // One sample as the run ends, and one an interval later: the report then shows where traffic settled
                // (after a switch back, the customers' line back at the previous release's error rate).
                await SampleAllAsync();
                await Task.Delay(_interval);
                await SampleAllAsync();
            }
        }
        catch (Exception)
        {
            // The timeline is a witness: whatever went wrong with it, the release's own outcome stands.
        }
        finally
        {
            if (_file != null)
                await _file.DisposeAsync();
            _stop.Dispose();
        }

        _log?.Verbose("Release timeline: {0} sample(s), {1} skipped, in {2}.", Samples, Skipped, File ?? "(none)");
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            // The first sample is taken at once, before the strategy switches anything: a release that fails and is
            // switched back within its first interval (a few hundred ms when every customer request fails) otherwise
            // has no sample from before its errors, and its report shows none.
            await SampleAllAsync();
            while (await timer.WaitForNextTickAsync(_stop.Token))
                await SampleAllAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SampleAllAsync()
    {
        var samples = await Task.WhenAll(_edges.Select(e => SampleAsync(e.Host, e.Edge)));
        var text = new StringBuilder();
        foreach (var sample in samples.OfType<TimelineSample>())
            text.Append(JsonSerializer.Serialize(sample, Json)).Append('\n');
        if (text.Length == 0)
            return;
        try
        {
            // One write per batch on an append-only handle: a reader never sees half a line.
            await _file!.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
            await _file.FlushAsync();
        }
        catch (IOException)
        {
            Interlocked.Add(ref _skipped, samples.Count(s => s != null));
        }
    }

    private async Task<TimelineSample?> SampleAsync(string host, ITrafficEdge edge)
    {
        // A slow edge must not hold the next tick: twice the interval at most, then the sample is skipped.
        var limit = _interval * 2;
        try
        {
            var clock = Stopwatch.StartNew();
            var state = await edge.StateAsync().WaitAsync(limit);
            var metrics = await edge.MetricsAsync().WaitAsync(limit - clock.Elapsed > TimeSpan.Zero ? limit - clock.Elapsed : TimeSpan.FromMilliseconds(1));
            Interlocked.Increment(ref _samples);
            return From(DateTimeOffset.UtcNow, host, state, metrics);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _skipped);
            return null;
        }
    }

    /// <summary>The sample of one host from its edge's state and metrics (customers' numbers where the edge tells them apart).</summary>
    public static TimelineSample From(DateTimeOffset time, string host, EdgeState state, EdgeMetrics metrics) =>
        new(time, host, state.Slots.Select(slot =>
        {
            var slotMetrics = metrics.Slots.GetValueOrDefault(slot.Name);
            var customers = slotMetrics?.Customers;
            return new TimelineSlot(
                slot.Name, slot.Release, slot.Version, slot.Status.ToString().ToLowerInvariant(), slot.Role, slot.Weight,
                customers?.Requests ?? slotMetrics?.Requests ?? 0,
                customers?.Errors ?? slotMetrics?.Errors ?? 0,
                slotMetrics?.LatencyBucketsMs ?? [],
                customers?.LatencyCounts ?? slotMetrics?.LatencyCounts ?? []);
        }).ToList());
}
