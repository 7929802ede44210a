namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// A slot's process, whoever started it: this edge (<see cref="ChildSlotProcess"/>) or a predecessor that died, whose
/// process this edge adopted (<see cref="AdoptedSlotProcess"/>). Stopping, liveness and exit look the same for both.
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

    /// <summary>SIGTERM: the app finishes its own shutdown.</summary>
    public bool Terminate() => ProcessSignals.Terminate(Pid);
}
