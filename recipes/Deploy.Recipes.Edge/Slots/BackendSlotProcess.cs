using Deploy.Recipes.Edge.Contract;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// A release the edge routes to but did not start (<see cref="StartSlot.Backend"/>, a container the recipe runs). It
/// has no process of the edge's: it is "alive" while its port accepts connections, it "exits" when the port stops
/// accepting them for <see cref="ExitAfterFailedConnects"/> tries in a row, <see cref="ConnectInterval"/> apart (a
/// container that died, or that its restart policy is bringing back: either way it cannot serve now, and the recipe
/// decides), and it is ended only by its own <see cref="SlotBackend.StopCommand"/>, never by a signal from the edge.
/// </summary>
internal sealed class BackendSlotProcess(SlotBackend backend) : SlotProcess
{
    /// <summary>How many connects in a row must fail before a backend that was listening counts as exited.</summary>
    public const int ExitAfterFailedConnects = 3;

    /// <summary>How long a backend's stop command may take (e.g. <c>docker stop --time 10</c>) before it is killed.</summary>
    public static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    /// <summary>The pause between two connects of the exit watch.</summary>
    public static readonly TimeSpan ConnectInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _watching = new();

    public SlotBackend Backend { get; } = backend;

    /// <summary>No process of the edge's: 0, never signalled (see <see cref="SlotProcess.Terminate"/>), shown as no PID.</summary>
    public override int Pid => 0;

    public override long? StartTicks => null;

    public override bool HasExited => _exited.Task.IsCompleted;

    public override int? ExitCode => null;

    public override string Label => $"backend {Backend.Name} on port {Backend.Port}";

    /// <summary>
    /// The command recorded in <c>slot-processes.json</c> for a backend: no program and no name in it (the name is
    /// recorded apart, in the backend), so what reads that file for a DLL to end never finds one here.
    /// </summary>
    public static string CommandOf(SlotBackend backend) => $"backend at 127.0.0.1:{backend.Port}";

    public override Task WaitForExitAsync(CancellationToken cancellation) => _exited.Task.WaitAsync(cancellation);

    /// <summary>Nothing: the edge never kills what it did not start. A backend ends by its stop command alone.</summary>
    public override void KillTree()
    {
    }

    /// <summary>
    /// Called once the port has accepted a connection (the slot is running): watches it from then on, in the background,
    /// and <see cref="ExitAfterFailedConnects"/> failed connects in a row end the backend and call <paramref name="onExit"/>.
    /// Before that the slot is starting (see <see cref="SlotRunWatch.MarkRunningWhenListeningAsync"/>), which has no limit
    /// of its own: the recipe's readiness wait has one.
    /// </summary>
    public void WatchPort(Action onExit) => _ = WatchAsync(onExit);

    /// <summary>After the drain: stops the watch, then runs the stop command (bounded); its failure is a warning, never an error.</summary>
    public override async Task<string> EndAsync(ILogger log, string slot)
    {
        await _watching.CancelAsync();
        var result = await BackendCommand.RunAsync(Backend, Backend.StopCommand, StopLimit);
        _exited.TrySetResult();
        var command = BackendCommand.Show(Backend.StopCommand);
        if (result.Succeeded)
            return $"was stopped by `{command}`";

        // The recipe's own clean-up (and pruning) ends what a failed stop command left: the slot is emptied anyway.
        log.LogWarning("Slot {Slot}: the stop command of {Backend} failed ({Why}); the slot is emptied anyway", slot, Label, result.Why());
        return $"the stop command `{command}` failed";
    }

    private async Task WatchAsync(Action onExit)
    {
        await Task.Yield(); // never call back from the caller's lock
        var failures = 0;
        try
        {
            while (!_watching.IsCancellationRequested)
            {
                if (await ReadinessProbe.IsListeningAsync(Backend.Port, ConnectTimeout))
                    failures = 0;
                else if (++failures >= ExitAfterFailedConnects)
                    break;
                await Task.Delay(ConnectInterval, _watching.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return; // being stopped: the stop decides how it ends
        }

        if (_watching.IsCancellationRequested)
            return;
        _exited.TrySetResult();
        onExit();
    }
}
