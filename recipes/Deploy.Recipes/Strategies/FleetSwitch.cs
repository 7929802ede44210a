using System.Diagnostics;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>What a switch of several hosts took.</summary>
/// <param name="Wall">From the first request to the last answer.</param>
/// <param name="Spread">From the first host switched to the last (0 with one host): how long the fleet served two releases.</param>
/// <param name="Failures">The hosts whose switch failed, with why.</param>
internal sealed record FleetSwitchResult(TimeSpan Wall, TimeSpan Spread, IReadOnlyList<(string Host, Exception Error)> Failures);

/// <summary>
/// Switches all traffic of several hosts to one slot each, all at once (no parallel limit: the point is that the hosts
/// change together), each an audited step naming its host.
/// </summary>
internal static class FleetSwitch
{
    /// <summary>Switches every host of <paramref name="moves"/> to its slot; never throws for a host's failure (see <see cref="FleetSwitchResult.Failures"/>).</summary>
    public static async Task<FleetSwitchResult> RunAsync(AuditTrail audit, string step, string? release, IReadOnlyList<(ITargetHost Host, ITrafficEdge Edge, string Slot, Action? Asked)> moves)
    {
        var clock = Stopwatch.StartNew();
        var switchedAt = new TimeSpan?[moves.Count];
        var failures = await Task.WhenAll(moves.Select(async (move, i) =>
        {
            try
            {
                await audit.HostStepAsync(step, release, move.Host.Name, async () =>
                {
                    move.Asked?.Invoke();
                    var own = Stopwatch.StartNew();
                    await move.Edge.SetTrafficAsync(SlotTraffic.AllTo(move.Slot));
                    switchedAt[i] = clock.Elapsed;
                    return own.Elapsed;
                });
                return ((string Host, Exception Error)?)null;
            }
            catch (Exception e)
            {
                return (move.Host.Name, e);
            }
        }));
        var wall = clock.Elapsed;
        var times = switchedAt.OfType<TimeSpan>().ToList();
        var spread = times.Count > 1 ? times.Max() - times.Min() : TimeSpan.Zero;
        return new FleetSwitchResult(wall, spread, failures.OfType<(string, Exception)>().ToList());
    }
}
