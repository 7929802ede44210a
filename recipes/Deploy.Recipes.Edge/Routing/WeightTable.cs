using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Slots;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Traffic weights by slot index: immutable, so the request path reads a consistent table without locks and a
/// change is one reference swap.
/// </summary>
internal sealed class WeightTable
{
    private readonly int[] _weights;

    private WeightTable(int[] weights)
    {
        _weights = weights;
        Total = weights.Sum();
    }

    public static WeightTable Nothing { get; } = new(new int[SlotNames.Count]);

    /// <summary>Sum of the weights: 100, or 0 when no slot takes customers.</summary>
    public int Total { get; }

    public int this[int slotIndex] => _weights[slotIndex];

    /// <summary>The weight of a YARP destination (destinations are named after slots).</summary>
    public int Of(string destinationId)
    {
        var index = SlotNames.IndexOf(destinationId);
        return index < 0 ? 0 : _weights[index];
    }

    /// <summary>Validates a requested split: known slots, 0-100 each, summing to 100 or all 0. Missing slots get 0.</summary>
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

        var table = new WeightTable(weights);
        if (table.Total is not (0 or 100))
            throw AdminRefusal.BadRequest($"weights must sum to 100 (or all be 0), not {table.Total}");
        return table;
    }

    public WeightTable With(int slotIndex, int weight)
    {
        var weights = (int[])_weights.Clone();
        weights[slotIndex] = weight;
        return new WeightTable(weights);
    }

    public override string ToString() => string.Join(", ", SlotNames.All.Select((name, index) => $"{name} {_weights[index]}%"));
}
