namespace Deploy.Recipes.Edge.Routing;

/// <summary>The roles a slot plays in a split (<see cref="Contract.SlotState.Role"/>), and <c>idle</c> for metrics of a slot with neither.</summary>
internal static class SlotRoles
{
    public const string Canary = "canary";

    public const string Stable = "stable";

    public const string Idle = "idle";
}
