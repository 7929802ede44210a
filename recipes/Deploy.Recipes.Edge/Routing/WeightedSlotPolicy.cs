using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Slots;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// YARP load-balancing policy that splits customers between slots in proportion to their traffic weights (YARP has
/// no weighted policy). Slots at weight 0 are never picked. During a canary split each customer is assigned by the
/// rollout cookie (<see cref="RolloutSplit"/>), so they stay on one release; otherwise a random pick
/// (<see cref="Random.Shared"/> is thread-safe and allocates nothing).
/// </summary>
internal sealed class WeightedSlotPolicy(TrafficWeights traffic) : ILoadBalancingPolicy
{
    public const string PolicyName = "Weighted";

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var weights = traffic.Current;
        if (weights.IsCanarySplit
            && Find(availableDestinations, weights.Canary) is { } canary
            && Find(availableDestinations, weights.Stable) is { } stable)
            return RolloutSplit.GoesToCanary(BucketOf(context), weights[weights.Canary]) ? canary : stable;

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

    // The customer's bucket from their cookie; a customer without one gets a fresh value, given back with the response.
    private static int BucketOf(HttpContext context)
    {
        if (RequestCookie.TryFind(context.Request.Headers.Cookie, EdgeFiles.RolloutCookie, out var value) && !value.IsEmpty)
            return RolloutSplit.BucketOf(value);
        var assigned = new RolloutAssignment(RolloutSplit.NewValue());
        context.Features.Set(assigned);
        return RolloutSplit.BucketOf(assigned.Value);
    }

    private static DestinationState? Find(IReadOnlyList<DestinationState> destinations, int slotIndex)
    {
        var name = SlotNames.All[slotIndex];
        for (var i = 0; i < destinations.Count; i++)
        {
            if (string.Equals(destinations[i].DestinationId, name, StringComparison.Ordinal))
                return destinations[i];
        }

        return null;
    }
}
