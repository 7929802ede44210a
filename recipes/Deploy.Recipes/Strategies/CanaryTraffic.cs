using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Sets one canary weight on every host carrying the canary at once, each change audited per host naming the weight.
/// A host whose edge refuses fails the call naming it, after every other host was asked (so the hosts never wait on each other).
/// </summary>
internal static class CanaryTraffic
{
    /// <summary>Gives the canary <paramref name="weight"/>% on every host of <paramref name="hosts"/>; 0 ends the split (all to stable, no canary role).</summary>
    public static async Task SetAsync(DeployContext context, string step, string release, IReadOnlyList<(ITargetHost Host, CanaryHost Slots)> hosts, int weight)
    {
        var failures = await Task.WhenAll(hosts.Select(async pair =>
        {
            try
            {
                var edge = pair.Host.Edge ?? throw new InvalidOperationException($"The edge of host {pair.Host.Name} is not running.");
                await context.Audit.HostStepAsync(step, release, pair.Host.Name, async () =>
                {
                    if (weight == 0)
                        await edge.SetTrafficAsync(SlotTraffic.AllTo(pair.Slots.StableSlot));
                    else if (weight == 100)
                        await edge.SetTrafficAsync(SlotTraffic.AllTo(pair.Slots.CanarySlot));
                    else
                        await edge.SetTrafficAsync(SlotTraffic.Split(pair.Slots.CanarySlot, weight), canary: pair.Slots.CanarySlot);
                    return $"canary (slot {pair.Slots.CanarySlot}) at {weight}%, stable (slot {pair.Slots.StableSlot}) at {100 - weight}%";
                });
                return null;
            }
            catch (Exception e)
            {
                return $"{pair.Host.Name}: {e.Message}";
            }
        }));
        var failed = failures.OfType<string>().ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException($"Setting the canary to {weight}% failed on {string.Join("; ", failed)}");
    }

    /// <summary>Pairs the hosts recorded in <paramref name="progress"/> with the opened <paramref name="hosts"/>; a recorded host not opened is an error naming it.</summary>
    public static IReadOnlyList<(ITargetHost Host, CanaryHost Slots)> Carrying(CanaryProgress progress, IReadOnlyList<ITargetHost> hosts) =>
        progress.Hosts.Select(slots => (hosts.FirstOrDefault(h => h.Name == slots.Name)
                                        ?? throw new InvalidOperationException($"Host {slots.Name} carries the canary but is not in the environment any more; put it back, or run --target=Abort after fixing it."), slots))
            .ToList();
}
