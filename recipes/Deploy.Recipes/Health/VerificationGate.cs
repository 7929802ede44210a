using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Health;

/// <summary>
/// Watches the new slot after the switch: samples the edge's customer counters for the slot several times a second
/// and probes its readiness once a second, and lets <see cref="VerificationJudgement"/> decide. Returns the first
/// verdict that is not <see cref="VerificationState.Watching"/>. Anything that goes wrong on the way (the edge does
/// not answer, answers an error, the run is cancelled) is thrown: the caller treats it as a failed verification.
/// </summary>
public static class VerificationGate
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(1);

    /// <summary>Watches <paramref name="slot"/> for <paramref name="window"/> (and until the window's requests are judged), probing <paramref name="readyPath"/>.</summary>
    public static async Task<VerificationVerdict> WatchAsync(ITrafficEdge edge, string slot, string readyPath, TimeSpan window, VerificationLimits limits, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var first = Of(await edge.MetricsAsync(), slot);
        var end = DateTime.UtcNow + window;
        var nextProbe = DateTime.UtcNow;
        var readinessFailures = 0;
        string? lastReadinessFailure = null;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            if (DateTime.UtcNow >= nextProbe)
            {
                if (await ProbeReadiness(edge, slot, readyPath, limits.MaxLatency, cancel) is { } failure)
                {
                    readinessFailures++;
                    lastReadinessFailure = failure;
                }

                nextProbe = DateTime.UtcNow + ProbeEvery;
            }

            var now = Of(await edge.MetricsAsync(), slot);
            var since = DateTime.UtcNow - end;
            var verdict = VerificationJudgement.Judge(
                new VerificationSample(Customers(first), Customers(now), now.LatencyBucketsMs, readinessFailures, lastReadinessFailure,
                    since >= TimeSpan.Zero ? since : null, now.OperatorRequests - first.OperatorRequests, readyPath),
                limits);
            if (verdict.State != VerificationState.Watching)
                return verdict;
            await Task.Delay(SampleEvery, cancel);
        }
    }

    private static SlotMetrics Of(EdgeMetrics metrics, string slot) =>
        metrics.Slots.TryGetValue(slot, out var found)
            ? found
            : throw new InvalidOperationException($"The edge reports no metrics for slot {slot}, so the release there cannot be verified.");

    // An edge started by an older recipe has no customer counters: judge all of the slot's requests instead.
    private static CustomerMetrics Customers(SlotMetrics slot) =>
        slot.Customers ?? new CustomerMetrics(slot.Requests, slot.Errors, slot.InFlight, slot.LatencyCounts, 0, []);

    private static async Task<string?> ProbeReadiness(ITrafficEdge edge, string slot, string readyPath, TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            using var response = await edge.OperatorGetAsync(slot, readyPath, timeout, cancel);
            return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }
}
