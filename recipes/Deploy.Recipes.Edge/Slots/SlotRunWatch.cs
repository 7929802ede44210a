using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Follows a slot process's life on its own: starting until its port accepts connections, exited when it ends by itself
/// (a backend: when its port stops accepting them, watched from the moment it is running).
/// </summary>
internal sealed class SlotRunWatch(SlotTable table, ILogger log)
{
    /// <summary>Marks <paramref name="run"/> running once its port accepts connections (in the background).</summary>
    public async Task MarkRunningWhenListeningAsync(Slot slot, SlotRun run)
    {
        await Task.Yield(); // leave the caller's lock before doing anything
        var started = Stopwatch.GetTimestamp();
        if (!await ReadinessProbe.WaitUntilListeningAsync(run.Port, run.Watch.Token))
            return;
        lock (table.Gate)
        {
            if (slot.Run != run || run.Status != SlotStatus.Starting)
                return;
            run.Status = SlotStatus.Running;
            table.SaveRegistry();
        }

        // From the moment it is running, so a backend that goes away right after it opened its port is still seen to.
        (run.Process as BackendSlotProcess)?.WatchPort(() => OnExited(slot, run));

        log.LogInformation("Slot {Slot}: release {Release} is running on port {Port} ({Seconds:0.00} s after start)",
            slot.Name, run.Release, run.Port, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// The process ended by itself (a stop in progress handles its own exit). The slot keeps its weight and its place in
    /// routing: customers routed to it get 502s, counted in its metrics, until the recipe moves traffic. The edge does
    /// not redistribute traffic on its own; which release customers see is the recipe's decision.
    /// </summary>
    public void OnExited(Slot slot, SlotRun run)
    {
        var exitCode = run.Process.ExitCode;

        lock (table.Gate)
        {
            run.ExitCode = exitCode;
            if (slot.Run != run || run.Status == SlotStatus.Draining)
                return;
            run.Status = SlotStatus.Exited;
            run.StopAtUtc = null;
            table.SaveRegistry();
        }

        run.Watch.Cancel();
        if (run.Backend != null)
            log.LogWarning("Slot {Slot}: release {Release} ({Process}) stopped accepting connections ({Tries} connects in a row failed): marked exited",
                slot.Name, run.Release, run.Process.Label, BackendSlotProcess.ExitAfterFailedConnects);
        else
            log.LogWarning("Slot {Slot}: release {Release} (pid {Pid}) exited by itself with code {ExitCode}; see {LogFile}",
                slot.Name, run.Release, run.Pid, exitCode, run.LogFile);
    }
}
