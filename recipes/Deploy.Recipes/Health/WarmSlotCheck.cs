using System.Diagnostics;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Health;

/// <summary>
/// Proves a warm release before a rollback switches customers to it: it has sat idle (its database connections may
/// have dropped, it may hang), so it gets the readiness probe and the smoke checks through the operator route first.
/// Every answer is bounded to <see cref="Timeout"/>: a hung release fails the check in about a second instead of
/// holding the rollback. On a healthy release this takes milliseconds.
/// </summary>
public static class WarmSlotCheck
{
    /// <summary>How long a warm release may take to answer each check: it is already running, so this is short.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>Checks <paramref name="slot"/> runs <paramref name="release"/> and is healthy; returns what passed and how long it took, throws <see cref="ReleaseCheckFailedException"/> otherwise.</summary>
    public static async Task<string> RunAsync(ITrafficEdge edge, string slot, ExpectedRelease release, ReleaseHealth health)
    {
        var clock = Stopwatch.StartNew();
        var checking = health.ReadyPath;
        try
        {
            await ReadinessWait.WaitAsync(edge, slot, health.ReadyPath, Timeout).WaitAsync(Timeout * 2);
            var smoke = await SmokeChecks.RunAsync(path =>
            {
                checking = path;
                return edge.OperatorGetAsync(slot, path, Timeout, CancellationToken.None);
            }, health.SmokeChecks, release with { Slot = slot });
            return $"ready and {smoke.Count} smoke check(s) passed in {clock.Elapsed.TotalMilliseconds:0} ms";
        }
        catch (Exception hung) when (hung is TimeoutException or TaskCanceledException)
        {
            throw new ReleaseCheckFailedException(
                $"The warm release in slot {slot} did not answer GET {checking} within {Timeout.TotalSeconds:0} s; it may hang.");
        }
    }
}
