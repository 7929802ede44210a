using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// An edge that died without being stopped (crash, SIGKILL, OOM: its <c>edge-state.json</c> outlived it) is an
/// outage: it is started again on the port it served, and it adopts the release processes still running with their
/// weights, schedule and maintenance mode.
/// </summary>
internal sealed class EdgeCrashRestart(DeployPaths paths, LocalEdgeFiles files, EdgeLaunch launch, Action<string> report)
{
    /// <summary>Restarts a dead edge; returns what the new edge reported, or null when the edge runs, was stopped in order (Down), or never ran.</summary>
    public EdgeRecovery? RestartIfCrashed()
    {
        if (files.Running() != null || files.SavedState() is not { } dead || LocalEdgeFiles.IsEdge(dead.Pid))
            return null;
        report($"The edge of '{paths.Environment}' is not running: it died (PID {dead.Pid}, last seen alive {dead.AliveUtc:u}). Restarting it on port {dead.PublicPort}.");
        var endpoint = launch.Start(dead.PublicPort);
        var recovery = RecoveryOf(endpoint);
        if (recovery != null)
            report($"The edge was restarted after {recovery.Down.TotalSeconds:0.0} s down (from its last heartbeat to serving again); " +
                   $"adopted {(recovery.Adopted.Count == 0 ? "no release process" : string.Join(", ", recovery.Adopted))}" +
                   (recovery.Ended.Count == 0 ? "." : $"; ended {string.Join(", ", recovery.Ended)}."));
        return recovery;
    }

    /// <summary>How the running edge took over from a predecessor that died, if it did.</summary>
    public EdgeRecovery? LastRecovery() =>
        files.Running() is { } endpoint && files.SavedState() is { } state && state.Pid == endpoint.Pid ? state.Recovered : null;

    // The new edge writes its state just after edge.json (see EdgeProgram): wait for it, briefly.
    private EdgeRecovery? RecoveryOf(EdgeEndpoint endpoint)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (files.SavedState() is { } state && state.Pid == endpoint.Pid)
                return state.Recovered;
            Thread.Sleep(20);
        }

        return null;
    }
}
