using System.ComponentModel;
using System.Net.Sockets;
using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Metrics;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>Puts a process into a slot: a release started fresh, or one a dead predecessor started and this edge adopts.</summary>
internal sealed class SlotStarter(SlotTable table, SlotRunWatch watch, SlotMetricsBoard metrics, string logDirectory, ILogger log)
{
    /// <summary>Starts a release's process in an empty (or exited) slot, at weight 0 and with fresh metrics.</summary>
    public SlotState Start(int index, StartSlot? release)
    {
        var entryAssembly = ReleaseRequestCheck.EntryAssemblyPath(release);
        lock (table.Gate)
        {
            var slot = table.Slots[index];
            if (slot.Run is { } current && current.Status != SlotStatus.Exited)
                throw AdminRefusal.Conflict($"slot {slot.Name} already runs release {current.Release} (pid {current.Pid}, {current.Status.ToWire()}); stop it first");

            SlotRun? started = null;
            ChildSlotProcess process;
            int port;
            string logFile;
            try
            {
                port = LoopbackPort.Free();
                logFile = SlotLog.Begin(Path.Combine(logDirectory, $"{release!.Release}.{slot.Name}.log"), slot.Name, release.Release, release.Version, port);

                // The exit handler takes the lock, so it cannot observe the run before it is assigned below.
                process = new ChildSlotProcess(ReleaseLauncher.Start(release, entryAssembly, port, logFile, () => watch.OnExited(slot, started!)));
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException or SocketException)
            {
                throw new AdminRefusal(500, $"could not start {entryAssembly} in slot {slot.Name}: {e.Message}");
            }

            var run = started = new SlotRun(release.Release, release.Version, port, process, ReleaseLauncher.CommandOf(entryAssembly), logFile, metrics.StartFresh(index));
            slot.Run = run;
            slot.LastLogFile = run.LogFile;
            if (table.Traffic.Current[index] > 0)
            {
                table.Traffic.Apply(table.Traffic.Current.With(index, 0));
                log.LogInformation("Traffic: {Weights} (slot {Slot} restarted at weight 0)", table.Traffic.Current, slot.Name);
            }

            table.PublishRoutes();
            table.SaveRegistry();
            log.LogInformation("Slot {Slot}: started release {Release} (version {Version}) as pid {Pid} on port {Port}; log {LogFile}",
                slot.Name, run.Release, run.Version, run.Pid, run.Port, run.LogFile);
            _ = watch.MarkRunningWhenListeningAsync(slot, run);
            return table.Describe(slot);
        }
    }

    /// <summary>
    /// Takes over a slot process a dead predecessor started (its identity already proven, see
    /// <see cref="AdoptionJudgement"/>) with the routing recorded for it: weight, scheduled stop. It is running at once
    /// when its port accepts connections (<paramref name="listening"/>), else starting until it does.
    /// </summary>
    public SlotState Adopt(int index, SlotProcessRecord record, bool listening)
    {
        lock (table.Gate)
        {
            var slot = table.Slots[index];
            if (slot.Run != null)
                throw new InvalidOperationException($"slot {slot.Name} already has a process");
            SlotRun? adopted = null;
            var process = new AdoptedSlotProcess(record.Pid, record.StartTicks!.Value, () => watch.OnExited(slot, adopted!));
            var run = adopted = new SlotRun(record.Release ?? "(unknown)", record.Version ?? "(unknown)", record.Port!.Value, process, record.Command,
                record.LogFile ?? "", metrics.StartFresh(index), record.StartedUtc)
            {
                Status = listening ? SlotStatus.Running : SlotStatus.Starting,
                StopAtUtc = record.StopAtUtc,
                StopDrainSeconds = record.StopDrainSeconds,
            };
            slot.Run = run;
            slot.LastLogFile = run.LogFile;
            var weights = table.Traffic.Current.With(index, record.Weight);
            table.Traffic.Apply(record.Canary ? weights.WithCanary(index) : weights);
            table.PublishRoutes();
            table.SaveRegistry();
            log.LogWarning("Slot {Slot}: adopted release {Release} (version {Version}, pid {Pid}, port {Port}, weight {Weight}%{Schedule}) from the previous edge",
                slot.Name, run.Release, run.Version, run.Pid, run.Port, record.Weight, run.StopAtUtc is { } at ? $", stops at {at:O}" : "");
            if (!listening)
                _ = watch.MarkRunningWhenListeningAsync(slot, run);
            return table.Describe(slot);
        }
    }
}
