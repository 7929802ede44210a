using System.ComponentModel;
using System.Net.Sockets;
using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Metrics;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Puts a release into a slot: a process started fresh, a backend handed over by address (started by the recipe), or
/// either of them adopted from a dead predecessor.
/// </summary>
internal sealed class SlotStarter(SlotTable table, SlotRunWatch watch, SlotMetricsBoard metrics, string logDirectory, ILogger log)
{
    /// <summary>Starts a release's process in an empty (or exited) slot, at weight 0 and with fresh metrics; or routes to its backend.</summary>
    public SlotState Start(int index, StartSlot? release)
    {
        if (release?.Backend is { } backend)
            return Attach(index, release, backend);

        var entryAssembly = ReleaseRequestCheck.EntryAssemblyPath(release);
        lock (table.Gate)
        {
            var slot = table.Slots[index];
            RefuseIfBusy(slot);

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
            Install(slot, run);
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
            SlotProcess process = record.Backend is { } backend
                ? new BackendSlotProcess(backend)
                : new AdoptedSlotProcess(record.Pid, record.StartTicks!.Value, () => watch.OnExited(slot, adopted!));
            var run = adopted = new SlotRun(record.Release ?? "(unknown)", record.Version ?? "(unknown)", record.Port!.Value, process, record.Command,
                record.LogFile ?? "", metrics.StartFresh(index), record.StartedUtc)
            {
                Status = listening ? SlotStatus.Running : SlotStatus.Starting,
                StopAtUtc = record.StopAtUtc,
                StopDrainSeconds = record.StopDrainSeconds,
            };
            slot.Run = run;
            slot.RememberLogOf(run);
            var weights = table.Traffic.Current.With(index, record.Weight);
            table.Traffic.Apply(record.Canary ? weights.WithCanary(index) : weights);
            table.PublishRoutes();
            table.SaveRegistry();
            log.LogWarning("Slot {Slot}: adopted release {Release} (version {Version}, {Process}, port {Port}, weight {Weight}%{Schedule}) from the previous edge",
                slot.Name, run.Release, run.Version, process.Label, run.Port, record.Weight, run.StopAtUtc is { } at ? $", stops at {at:O}" : "");
            if (process is BackendSlotProcess attached && listening)
                attached.WatchPort(() => watch.OnExited(slot, run));
            if (!listening)
                _ = watch.MarkRunningWhenListeningAsync(slot, run);
            return table.Describe(slot);
        }
    }

    /// <summary>
    /// Routes a slot to a release the recipe started itself (a container): nothing is started, the slot is starting
    /// until the backend's port accepts connections, at weight 0 and with fresh metrics, exactly as a process would be.
    /// </summary>
    private SlotState Attach(int index, StartSlot release, SlotBackend backend)
    {
        ReleaseRequestCheck.Identity(release);
        if (SlotBackendCheck.Problem(backend) is { } problem)
            throw AdminRefusal.BadRequest(problem);
        lock (table.Gate)
        {
            var slot = table.Slots[index];
            if (table.Slots.FirstOrDefault(other => other != slot && other.Run is { Status: not SlotStatus.Exited } run && run.Port == backend.Port) is { } taken)
                throw AdminRefusal.BadRequest($"backend.port {backend.Port} is the port of slot {taken.Name}'s release {taken.Run!.Release}; each slot needs its own");
            RefuseIfBusy(slot);

            var process = new BackendSlotProcess(backend);
            var run = new SlotRun(release.Release, release.Version, backend.Port, process, BackendSlotProcess.CommandOf(backend), "", metrics.StartFresh(index));
            Install(slot, run);
            log.LogInformation("Slot {Slot}: routing release {Release} (version {Version}) to {Backend}, started outside the edge",
                slot.Name, run.Release, run.Version, process.Label);
            _ = watch.MarkRunningWhenListeningAsync(slot, run);
            return table.Describe(slot);
        }
    }

    // Under the lock. An exited release may be replaced; anything else must be stopped first.
    private static void RefuseIfBusy(Slot slot)
    {
        if (slot.Run is { } current && current.Status != SlotStatus.Exited)
            throw AdminRefusal.Conflict($"slot {slot.Name} already runs release {current.Release} ({current.Process.Label}, {current.Status.ToWire()}); stop it first");
    }

    // Under the lock: the new run takes the slot at weight 0 and is routed (for operator requests) from now on.
    private void Install(Slot slot, SlotRun run)
    {
        slot.Run = run;
        slot.RememberLogOf(run);
        if (table.Traffic.Current[slot.Index] > 0)
        {
            table.Traffic.Apply(table.Traffic.Current.With(slot.Index, 0));
            log.LogInformation("Traffic: {Weights} (slot {Slot} restarted at weight 0)", table.Traffic.Current, slot.Name);
        }

        table.PublishRoutes();
        table.SaveRegistry();
    }
}
