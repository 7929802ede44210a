using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Hosting;
using Deploy.Recipes.Edge.Routing;
using Deploy.Recipes.Edge.Slots;

namespace Deploy.Recipes.Edge.Metrics;

/// <summary><c>GET /metrics</c>: every slot's counters with its role, weight and release, in the Prometheus text format.</summary>
internal sealed class MetricsExposition(EdgeArguments arguments, SlotSupervisor slots, SlotMetricsBoard board)
{
    private static readonly double[] BoundsSeconds = LatencyBuckets.BoundsMs.Select(ms => ms / 1000).ToArray();

    public string Write()
    {
        var exported = slots.States().Select(state =>
        {
            var counters = board.For(SlotNames.IndexOf(state.Name)).Export();
            return new ExportedSlot(state.Name, state.Role ?? SlotRoles.Idle, state.Weight, state.Release, state.Version,
                counters.RequestsBySourceAndClass, counters.CustomerDurationCounts, counters.CustomerDurationSeconds,
                counters.CustomersInFlight, counters.OldestInFlightSeconds);
        }).ToList();
        return EdgeMetricsText.Write(arguments.Environment, BoundsSeconds, exported);
    }
}
