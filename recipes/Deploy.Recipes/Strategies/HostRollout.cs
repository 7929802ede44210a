using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// One host's part in a release: its edge, the release it served before (to switch back to), the idle slot the new
/// release goes into, and how far the release got there (what undoing it must do).
/// </summary>
internal sealed class HostRollout(ITargetHost host, SlotState? previous)
{
    /// <summary>The host.</summary>
    public ITargetHost Host { get; } = host;

    /// <summary>The host's edge.</summary>
    public ITrafficEdge Edge { get; } = host.Edge ?? throw new InvalidOperationException($"The edge of host {host.Name} is not running.");

    /// <summary>The slot customers were on before this release, or null when nothing was live on the host.</summary>
    public SlotState? Previous { get; } = previous;

    /// <summary>The slot the new release goes into.</summary>
    public string Slot { get; } = previous == null ? EdgeFiles.SlotNames[0] : SlotTraffic.Other(previous.Name);

    /// <summary>The new release may run in <see cref="Slot"/> (its start was asked for and it was not stopped since).</summary>
    public bool Started { get; set; }

    /// <summary>A switch to the new release was asked for (it may have happened even if the call failed).</summary>
    public bool SwitchTried { get; set; }
}
