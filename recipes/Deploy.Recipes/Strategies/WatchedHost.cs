using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>One host during a post-promotion watch: the slot of the release that took all its traffic, and the warm previous one.</summary>
/// <param name="Host">The host.</param>
/// <param name="Edge">Its edge.</param>
/// <param name="Slot">The slot of the release being watched.</param>
/// <param name="Previous">The slot that served before, still warm: where a failure switches back to.</param>
internal sealed record WatchedHost(ITargetHost Host, ITrafficEdge Edge, string Slot, SlotState Previous);
