using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Slots;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Traffic weights by slot index, and which slot (if any) carries a canary: immutable, so the request path reads a
/// consistent table without locks and a change is one reference swap.
/// </summary>
internal sealed class WeightTable
{
    private readonly int[] _weights;

    private WeightTable(int[] weights, int canary)
    {
        _weights = weights;
        Canary = canary;
        Total = weights.Sum();
        Stable = StableOf(weights, canary);
    }

    public static WeightTable Nothing { get; } = new(new int[SlotNames.Count], -1);

    /// <summary>Sum of the weights: 100, or 0 when no slot takes customers.</summary>
    public int Total { get; }

    /// <summary>The index of the canary slot, or -1 when no canary runs.</summary>
    public int Canary { get; }

    /// <summary>The index of the stable slot (the one with the most traffic that is not the canary), or -1.</summary>
    public int Stable { get; }

    /// <summary>Whether customers are split between a canary and a stable slot, so each is assigned by the rollout cookie.</summary>
    public bool IsCanarySplit => Canary >= 0 && Stable >= 0 && _weights[Canary] > 0;

    public int this[int slotIndex] => _weights[slotIndex];

    /// <summary>The weight of a YARP destination (destinations are named after slots).</summary>
    public int Of(string destinationId)
    {
        var index = SlotNames.IndexOf(destinationId);
        return index < 0 ? 0 : _weights[index];
    }

    /// <summary>The role of a slot: <c>canary</c> for the named canary, <c>stable</c> for another slot with traffic, else null.</summary>
    public string? RoleOf(int slotIndex) =>
        slotIndex == Canary ? SlotRoles.Canary : _weights[slotIndex] > 0 ? SlotRoles.Stable : null;

    /// <summary>
    /// Validates a requested split: known slots, 0-100 each, summing to 100 or all 0, and a canary (if named) that is
    /// a slot. Missing slots get 0.
    /// </summary>
    public static WeightTable From(Traffic? traffic)
    {
        if (traffic?.Weights == null)
            throw AdminRefusal.BadRequest("the body must be a Traffic object with weights by slot name");
        var weights = new int[SlotNames.Count];
        foreach (var (name, weight) in traffic.Weights)
        {
            var index = SlotNames.IndexOf(name);
            if (index < 0)
                throw AdminRefusal.BadRequest($"unknown slot '{name}'; slots are {SlotNames.Listed}");
            if (weight is < 0 or > 100)
                throw AdminRefusal.BadRequest($"weight {weight} for slot {name} is outside 0-100");
            weights[index] = weight;
        }

        var canary = -1;
        if (traffic.Canary != null)
        {
            canary = SlotNames.IndexOf(traffic.Canary);
            if (canary < 0)
                throw AdminRefusal.BadRequest($"unknown canary slot '{traffic.Canary}'; slots are {SlotNames.Listed}");
        }

        var table = new WeightTable(weights, canary);
        if (table.Total is not (0 or 100))
            throw AdminRefusal.BadRequest($"weights must sum to 100 (or all be 0), not {table.Total}");
        return table;
    }

    public WeightTable With(int slotIndex, int weight)
    {
        var weights = (int[])_weights.Clone();
        weights[slotIndex] = weight;
        return new WeightTable(weights, Canary);
    }

    /// <summary>The same weights with <paramref name="slotIndex"/> as the canary (or none, with -1).</summary>
    public WeightTable WithCanary(int slotIndex) => new((int[])_weights.Clone(), slotIndex);

    public override string ToString() =>
        string.Join(", ", SlotNames.All.Select((name, index) => $"{name} {_weights[index]}%")) + (Canary >= 0 ? $" (canary {SlotNames.All[Canary]})" : "");

    private static int StableOf(int[] weights, int canary)
    {
        var stable = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (i != canary && weights[i] > 0 && (stable < 0 || weights[i] > weights[stable]))
                stable = i;
        }

        return stable;
    }
}
