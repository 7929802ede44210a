namespace Deploy.Recipes.Edge.Routing;

/// <summary>
/// Request feature marking a request pinned to a role (<see cref="Contract.EdgeFiles.PinHeader"/>): routed to that
/// role's slot whatever its weight and counted apart from customers. One shared instance per role: marking allocates nothing.
/// </summary>
internal sealed class PinnedRequest
{
    public static readonly PinnedRequest Canary = new(SlotRoles.Canary);

    public static readonly PinnedRequest Stable = new(SlotRoles.Stable);

    private PinnedRequest(string role) => Role = role;

    public string Role { get; }
}
