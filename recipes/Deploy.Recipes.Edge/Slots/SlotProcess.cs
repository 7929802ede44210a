using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// A slot's process, whoever started it: this edge (<see cref="ChildSlotProcess"/>), a predecessor that died, whose
/// process this edge adopted (<see cref="AdoptedSlotProcess"/>), or nobody the edge knows: a release it was only handed
/// the address of (<see cref="BackendSlotProcess"/>). Stopping, liveness and exit look the same for all.
/// </summary>
internal abstract class SlotProcess
{
    public abstract int Pid { get; }

    /// <summary>Start time in clock ticks since boot: with the PID and command line, what proves it is the same process.</summary>
    public abstract long? StartTicks { get; }

    public abstract bool HasExited { get; }

    /// <summary>The exit code, when known (a process this edge did not start gives none).</summary>
    public abstract int? ExitCode { get; }

    public abstract Task WaitForExitAsync(CancellationToken cancellation);

    /// <summary>SIGKILL to the process and its children.</summary>
    public abstract void KillTree();

    /// <summary>What it is, for logs: "pid 1234".</summary>
    public virtual string Label => $"pid {Pid}";

    /// <summary>SIGTERM: the app finishes its own shutdown. Never to PID 0 or below (that would signal a process group).</summary>
    public bool Terminate() => Pid > 0 && ProcessSignals.Terminate(Pid);

    /// <summary>Ends it once drained (SIGTERM, then SIGKILL after a grace period); returns how it ended, for the log.</summary>
    public virtual Task<string> EndAsync(ILogger log, string slot) => DrainAndStop.StopAsync(this);
}
