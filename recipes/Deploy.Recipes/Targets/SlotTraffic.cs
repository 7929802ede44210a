using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Targets;

/// <summary>How traffic sits on one edge's two slots: which one is live, which one is the other, weights for a switch.</summary>
public static class SlotTraffic
{
    /// <summary>
    /// The slot customers are sent to, or null when no slot has traffic. Split traffic (a canary beside the stable
    /// release) is an error naming Promote and Abort: a switch or rollback must not guess which side is live.
    /// </summary>
    public static SlotState? LiveSlot(EdgeState state)
    {
        var withTraffic = state.Slots.Where(s => s.Weight > 0).ToList();
        if (withTraffic.Count > 1)
            throw new InvalidOperationException(
                $"Traffic is split ({string.Join(", ", withTraffic.Select(s => $"{s.Name} {s.Weight}%"))}): a canary is in progress. " +
                "Run --target=Promote to finish it or --target=Abort to send all traffic back to the stable release first.");
        return withTraffic.SingleOrDefault();
    }

    /// <summary>The slot that is not <paramref name="slot"/>.</summary>
    public static string Other(string slot) => EdgeFiles.SlotNames.Single(s => s != slot);

    /// <summary>Weights sending all traffic to <paramref name="slot"/>.</summary>
    public static IReadOnlyDictionary<string, int> AllTo(string slot) =>
        EdgeFiles.SlotNames.ToDictionary(s => s, s => s == slot ? 100 : 0);

    /// <summary>Weights giving <paramref name="canary"/> <paramref name="weight"/>% and the other slot the rest.</summary>
    public static IReadOnlyDictionary<string, int> Split(string canary, int weight) =>
        EdgeFiles.SlotNames.ToDictionary(s => s, s => s == canary ? weight : 100 - weight);

    /// <summary>Weights sending no traffic anywhere.</summary>
    public static IReadOnlyDictionary<string, int> None() => EdgeFiles.SlotNames.ToDictionary(s => s, _ => 0);
}
