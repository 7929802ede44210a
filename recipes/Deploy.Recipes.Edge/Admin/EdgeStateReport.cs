using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Hosting;
using Deploy.Recipes.Edge.Routing;
using Deploy.Recipes.Edge.Slots;

namespace Deploy.Recipes.Edge.Admin;

/// <summary>The edge's whole state as the admin API reports it: slots in order blue, green, with their weights.</summary>
internal sealed class EdgeStateReport(EdgeArguments arguments, SlotSupervisor slots, MaintenanceMode maintenance)
{
    public EdgeState Current() => new(arguments.Environment, arguments.PublicPort, maintenance.Current, slots.States());
}
