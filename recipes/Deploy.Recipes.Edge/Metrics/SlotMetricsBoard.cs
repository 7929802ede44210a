using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Slots;

namespace Deploy.Recipes.Edge.Metrics;

/// <summary>
/// The counters of each slot's current (or last) process, by slot index. A new process gets fresh counters by a
/// single reference swap; requests already under way keep counting into the counters they started with.
/// </summary>
internal sealed class SlotMetricsBoard
{
    private readonly SlotCounters[] _bySlot = Enumerable.Range(0, SlotNames.Count).Select(_ => new SlotCounters()).ToArray();

    public SlotCounters For(int slotIndex) => Volatile.Read(ref _bySlot[slotIndex]);

    public SlotCounters StartFresh(int slotIndex)
    {
        var counters = new SlotCounters();
        Volatile.Write(ref _bySlot[slotIndex], counters);
        return counters;
    }

    public EdgeMetrics Snapshot() =>
        new(SlotNames.All.Select((name, index) => (name, index)).ToDictionary(slot => slot.name, slot => For(slot.index).Snapshot()));
}
