using Deploy.Recipes.Edge.Slots;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Request feature marking a request that carried the valid operator token and named a slot. One instance per slot,
/// shared, so marking a request allocates nothing.
/// </summary>
internal sealed class OperatorRequest
{
    private static readonly OperatorRequest[] BySlot = SlotNames.All.Select(name => new OperatorRequest(name)).ToArray();

    private OperatorRequest(string slot) => Slot = slot;

    public string Slot { get; }

    public static OperatorRequest For(int slotIndex) => BySlot[slotIndex];
}
