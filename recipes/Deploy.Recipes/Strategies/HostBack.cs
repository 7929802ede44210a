using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>One host's part in a rollback: what it serves now, the slot the wanted release goes into, how it got ready.</summary>
internal sealed class HostBack(ITargetHost host, ITrafficEdge edge, EdgeState state, SlotState? live)
{
    public ITargetHost Host { get; } = host;

    public ITrafficEdge Edge { get; } = edge;

    public EdgeState State { get; } = state;

    /// <summary>The slot customers are on now (null when the host serves nothing).</summary>
    public SlotState? Live { get; } = live;

    /// <summary>The slot the wanted release is (or goes) in.</summary>
    public string Slot { get; } = live == null ? EdgeFiles.SlotNames[0] : SlotTraffic.Other(live.Name);

    /// <summary>The wanted release was warm and healthy there.</summary>
    public bool Warm { get; set; }

    /// <summary>The wanted release was started there by this rollback.</summary>
    public bool Started { get; set; }
}
