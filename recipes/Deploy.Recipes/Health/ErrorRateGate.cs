using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Health;

/// <summary>What the post-switch verification saw.</summary>
/// <param name="Requests">Responses the new release gave during the window (customers' and the readiness probes').</param>
/// <param name="Errors">Of those, how many were 5xx (including the edge's 502/504 for the slot).</param>
/// <param name="Failure">Why the release is not healthy, or null when it is.</param>
public sealed record VerificationResult(long Requests, long Errors, string? Failure)
{
    /// <summary>True when the release passed.</summary>
    public bool Passed => Failure == null;
}

/// <summary>
/// The precise definition of "healthy" after a switch: for the whole verification window, the new release's share
/// of 5xx responses among the requests it answers (customers', plus this gate's readiness probe once a second; the edge
/// counts them per slot) stays at or below the limit, and
/// it keeps answering <c>/health/ready</c>. It fails as soon as either is broken, not at the end of the window.
/// With no customer traffic in the window, in effect only readiness is judged.
/// </summary>
public static class ErrorRateGate
{
    /// <summary>Watches <paramref name="slot"/> for <paramref name="window"/>.</summary>
    public static async Task<VerificationResult> WatchAsync(EdgeClient edge, string slot, TimeSpan window, double maxErrorRate)
    {
        var baseline = Of(await edge.MetricsAsync(), slot);
        var end = DateTime.UtcNow + window;
        var nextReadiness = DateTime.UtcNow;
        var readinessFailures = 0;
        long requests = 0, errors = 0;
        while (true)
        {
            var now = Of(await edge.MetricsAsync(), slot);
            requests = now.Requests - baseline.Requests;
            errors = now.Errors - baseline.Errors;
            if (errors > 0 && (double)errors / requests > maxErrorRate)
            {
                return new VerificationResult(requests, errors,
                    $"{errors} of {requests} requests to the new release failed with 5xx ({Percent(errors, requests)} > {maxErrorRate:P1} allowed)");
            }

            if (DateTime.UtcNow >= nextReadiness)
            {
                readinessFailures = await IsReady(edge, slot) ? 0 : readinessFailures + 1;
                if (readinessFailures >= 2)
                    return new VerificationResult(requests, errors, $"the new release stopped answering {ReadinessWait.ReadyPath} with 2xx");
                nextReadiness = DateTime.UtcNow.AddSeconds(1);
            }

            if (DateTime.UtcNow >= end)
                return new VerificationResult(requests, errors, null);
            await Task.Delay(200);
        }
    }

    private static SlotMetrics Of(EdgeMetrics metrics, string slot) =>
        metrics.Slots.TryGetValue(slot, out var found) ? found : new SlotMetrics(0, 0, 0, [], []);

    private static string Percent(long part, long whole) => ((double)part / whole).ToString("P1", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<bool> IsReady(EdgeClient edge, string slot)
    {
        try
        {
            using var response = await edge.OperatorGetAsync(slot, ReadinessWait.ReadyPath);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
