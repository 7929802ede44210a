using System.ComponentModel;
using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// A slot process a dead predecessor started and this edge adopted. It is not this edge's child, so its end is seen
/// by polling /proc (a zombie, or a PID now held by a process with another start time, counts as ended) and its exit
/// code is unknown.
/// </summary>
internal sealed class AdoptedSlotProcess : SlotProcess
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AdoptedSlotProcess(int pid, long startTicks, Action onExit)
    {
        Pid = pid;
        StartTicks = startTicks;
        _ = WatchAsync(onExit);
    }

    public override int Pid { get; }

    public override long? StartTicks { get; }

    public override bool HasExited => _exited.Task.IsCompleted || !IsStillThatProcess();

    public override int? ExitCode => null;

    public override Task WaitForExitAsync(CancellationToken cancellation) => _exited.Task.WaitAsync(cancellation);

    public override void KillTree()
    {
        if (!IsStillThatProcess())
            return;
        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    private bool IsStillThatProcess() => ProcessIdentity.IsAlive(Pid, StartTicks);

    private async Task WatchAsync(Action onExit)
    {
        await Task.Yield(); // never call back from the constructor: the caller is still setting the slot up
        using var timer = new PeriodicTimer(PollInterval);
        while (IsStillThatProcess())
            await timer.WaitForNextTickAsync();
        _exited.TrySetResult();
        onExit();
    }
}
