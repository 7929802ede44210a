using System.Diagnostics;
using Deploy.Recipes.Health;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// Proves a warm release before a rollback switches customers to it: it has sat idle (its database connections may
/// have dropped, it may have hung), so it gets the readiness probe and the smoke checks through the operator route
/// first. On a healthy release this takes milliseconds.
/// </summary>
public static class WarmSlotCheck
{
    /// <summary>How long a warm release may take to answer ready: it is already running, so this is short.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Checks <paramref name="slot"/>; returns what passed and how long it took, throws <see cref="ReleaseCheckFailedException"/> otherwise.</summary>
    public static async Task<string> RunAsync(EdgeClient edge, string slot, string version, IReadOnlyList<string> smokeChecks)
    {
        var clock = Stopwatch.StartNew();
        await ReadinessWait.WaitAsync(edge, slot, ReadyTimeout);
        var smoke = await SmokeChecks.RunAsync(path => edge.OperatorGetAsync(slot, path), smokeChecks, version);
        return $"ready and {smoke.Count} smoke check(s) passed in {clock.Elapsed.TotalMilliseconds:0} ms";
    }
}
