using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Routing;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// The slots and the one lock every change to them happens under, with what must follow each change while the lock
/// is held: routing republished, <c>slot-processes.json</c> rewritten. The parts of <see cref="SlotSupervisor"/>
/// (start, stop, schedule, watch) share it; the request path never takes the lock.
/// </summary>
internal sealed class SlotTable(TrafficWeights traffic, SlotRoutes routes, SlotProcessRegistry registry, ILogger log)
{
    /// <summary>Held only for short, non-blocking work; the waits of a drain happen outside it.</summary>
    public Lock Gate { get; } = new();

    public Slot[] Slots { get; } = SlotNames.All.Select((name, index) => new Slot(name, index)).ToArray();

    public TrafficWeights Traffic => traffic;

    // Under the lock. Exited slots stay routed (see SlotRunWatch); draining ones are out.
    public void PublishRoutes() =>
        routes.Publish(Slots
            .Where(slot => slot.Run is { Status: not SlotStatus.Draining })
            .Select(slot => (slot.Name, slot.Run!.Port, slot.Run.Release)));

    // Under the lock.
    public void SaveRegistry()
    {
        try
        {
            registry.Save(Slots
                .Where(slot => slot.Run is { MayBeAlive: true })
                .Select(slot => SlotDescription.Record(slot, slot.Run!, traffic.Current[slot.Index], traffic.Current.Canary == slot.Index))
                .ToList());
        }
        catch (IOException e)
        {
            log.LogWarning("Could not write {File}: {Message}", EdgeFiles.SlotProcesses, e.Message);
        }
    }

    // Under the lock.
    public SlotState Describe(Slot slot)
    {
        var weights = traffic.Current;
        return SlotDescription.State(slot, weights[slot.Index], weights.RoleOf(slot.Index));
    }
}
