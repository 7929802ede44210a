using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// YARP load-balancing policy that splits customers between slots in proportion to their traffic weights (YARP has
/// no weighted policy). Slots at weight 0 are never picked. <see cref="Random.Shared"/> is thread-safe and allocates nothing.
/// </summary>
internal sealed class WeightedSlotPolicy(TrafficWeights traffic) : ILoadBalancingPolicy
{
    public const string PolicyName = "Weighted";

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var weights = traffic.Current;

        // Summed over the destinations YARP offers rather than taken from the table, so a destination that is not
        // (or no longer) in the cluster can never be picked.
        var total = 0;
        for (var i = 0; i < availableDestinations.Count; i++)
            total += weights.Of(availableDestinations[i].DestinationId);
        if (total == 0)
            return null;

        var ticket = Random.Shared.Next(total);
        for (var i = 0; i < availableDestinations.Count; i++)
        {
            ticket -= weights.Of(availableDestinations[i].DestinationId);
            if (ticket < 0)
                return availableDestinations[i];
        }

        return null;
    }
}
