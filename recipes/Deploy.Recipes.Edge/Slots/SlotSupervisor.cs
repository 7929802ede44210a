using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Metrics;
using Deploy.Recipes.Edge.Routing;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Owns the slots: starts and stops their processes, keeps routing, weights and <c>slot-processes.json</c> in step
/// with them. Every state change happens under one lock held only for short, non-blocking work; the waits of a
/// drain happen outside it. The request path never takes this lock.
/// </summary>
internal sealed class SlotSupervisor
{
    private readonly Lock _gate = new();
    private readonly Slot[] _slots = SlotNames.All.Select((name, index) => new Slot(name, index)).ToArray();
    private readonly string _logDirectory;
    private readonly TrafficWeights _traffic;
    private readonly SlotRoutes _routes;
    private readonly SlotMetricsBoard _metrics;
    private readonly SlotProcessRegistry _registry;
    private readonly ILogger<SlotSupervisor> _log;

    public SlotSupervisor(string stateDirectory, TrafficWeights traffic, SlotRoutes routes, SlotMetricsBoard metrics,
        SlotProcessRegistry registry, ILogger<SlotSupervisor> log)
    {
        _logDirectory = Path.Combine(stateDirectory, EdgeFiles.Logs);
        _traffic = traffic;
        _routes = routes;
        _metrics = metrics;
        _registry = registry;
        _log = log;
    }

    /// <summary>The index of a slot named in an admin URL; 404 naming the valid names otherwise.</summary>
    public static int IndexOf(string name)
    {
        var index = SlotNames.IndexOf(name);
        return index >= 0 ? index : throw AdminRefusal.NotFound($"unknown slot '{name}'; slots are {SlotNames.Listed}");
    }

    public IReadOnlyList<SlotState> States()
    {
        lock (_gate)
            return _slots.Select(Describe).ToArray();
    }

    public SlotState State(int index)
    {
        lock (_gate)
            return Describe(_slots[index]);
    }

    /// <summary>Starts a release's process in an empty (or exited) slot, at weight 0 and with fresh metrics.</summary>
    public SlotState Start(int index, StartSlot? release)
    {
        var entryAssembly = ReleaseRequestCheck.EntryAssemblyPath(release);
        lock (_gate)
        {
            var slot = _slots[index];
            if (slot.Run is { } current && current.Status != SlotStatus.Exited)
                throw AdminRefusal.Conflict($"slot {slot.Name} already runs release {current.Release} (pid {current.Pid}, {current.Status.ToWire()}); stop it first");

            SlotRun? started = null;
            ChildSlotProcess process;
            int port;
            string logFile;
            try
            {
                port = FreePort.Pick();
                logFile = SlotLog.Begin(Path.Combine(_logDirectory, $"{release!.Release}.{slot.Name}.log"), slot.Name, release.Release, release.Version, port);

                // The exit handler takes this lock, so it cannot observe the run before it is assigned below.
                process = new ChildSlotProcess(ReleaseLauncher.Start(release, entryAssembly, port, logFile, () => OnExited(slot, started!)));
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException or SocketException)
            {
                throw new AdminRefusal(500, $"could not start {entryAssembly} in slot {slot.Name}: {e.Message}");
            }

            var run = started = new SlotRun(release.Release, release.Version, port, process, ReleaseLauncher.CommandOf(entryAssembly), logFile, _metrics.StartFresh(index));
            slot.Run = run;
            slot.LastLogFile = run.LogFile;
            if (_traffic.Current[index] > 0)
            {
                _traffic.Apply(_traffic.Current.With(index, 0));
                _log.LogInformation("Traffic: {Weights} (slot {Slot} restarted at weight 0)", _traffic.Current, slot.Name);
            }

            PublishRoutes();
            SaveRegistry();
            _log.LogInformation("Slot {Slot}: started release {Release} (version {Version}) as pid {Pid} on port {Port}; log {LogFile}",
                slot.Name, run.Release, run.Version, run.Pid, run.Port, run.LogFile);
            _ = MarkRunningWhenListeningAsync(slot, run);
            return Describe(slot);
        }
    }

    /// <summary>
    /// Takes over a slot process a dead predecessor started (its identity already proven, see
    /// <see cref="AdoptionJudgement"/>) with the routing recorded for it: weight, scheduled stop. It is running at once
    /// when its port accepts connections (<paramref name="listening"/>), else starting until it does.
    /// </summary>
    public SlotState Adopt(int index, SlotProcessRecord record, bool listening)
    {
        lock (_gate)
        {
            var slot = _slots[index];
            if (slot.Run != null)
                throw new InvalidOperationException($"slot {slot.Name} already has a process");
            SlotRun? adopted = null;
            var process = new AdoptedSlotProcess(record.Pid, record.StartTicks!.Value, () => OnExited(slot, adopted!));
            var run = adopted = new SlotRun(record.Release ?? "(unknown)", record.Version ?? "(unknown)", record.Port!.Value, process, record.Command,
                record.LogFile ?? "", _metrics.StartFresh(index), record.StartedUtc)
            {
                Status = listening ? SlotStatus.Running : SlotStatus.Starting,
                StopAtUtc = record.StopAtUtc,
                StopDrainSeconds = record.StopDrainSeconds,
            };
            slot.Run = run;
            slot.LastLogFile = run.LogFile;
            _traffic.Apply(_traffic.Current.With(index, record.Weight));
            PublishRoutes();
            SaveRegistry();
            _log.LogWarning("Slot {Slot}: adopted release {Release} (version {Version}, pid {Pid}, port {Port}, weight {Weight}%{Schedule}) from the previous edge",
                slot.Name, run.Release, run.Version, run.Pid, run.Port, record.Weight, run.StopAtUtc is { } at ? $", stops at {at:O}" : "");
            if (!listening)
                _ = MarkRunningWhenListeningAsync(slot, run);
            return Describe(slot);
        }
    }

    /// <summary>Writes <c>slot-processes.json</c> as the slots are now.</summary>
    public void Persist()
    {
        lock (_gate)
            SaveRegistry();
    }

    /// <summary>
    /// Drains and stops a slot's process: refused while the slot carries traffic. Removes it from routing, waits for
    /// its in-flight requests (at most <paramref name="drain"/>), then ends the process. Idempotent: an empty slot is
    /// returned as is, and a second call during a stop waits for the same stop.
    /// </summary>
    public async Task<SlotState> StopAsync(int index, TimeSpan drain)
    {
        Task stopping;
        SlotRun run;
        lock (_gate)
        {
            var slot = _slots[index];
            if (slot.Run == null)
                return Describe(slot);
            run = slot.Run;
            if (run.Stopping == null)
            {
                var weight = _traffic.Current[index];
                if (weight > 0)
                    throw AdminRefusal.Conflict($"slot {slot.Name} still carries {weight}% of traffic; move traffic off it before stopping it");
                BeginStop(slot, run, drain);
            }

            stopping = run.Stopping!;
        }

        await run.Watch.CancelAsync();
        await stopping;
        return State(index);
    }

    /// <summary>Applies new weights: a slot may only receive traffic while its process is running.</summary>
    public void ApplyTraffic(WeightTable weights)
    {
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                var status = slot.Run?.Status ?? SlotStatus.Empty;
                if (weights[slot.Index] > 0 && status != SlotStatus.Running)
                    throw AdminRefusal.Conflict($"slot {slot.Name} is {status.ToWire()}, not running; it cannot take traffic");
            }

            _traffic.Apply(weights);
            SaveRegistry();
        }

        _log.LogInformation("Traffic: {Weights}", weights);
    }

    /// <summary>Schedules (or cancels, with a null time) a drain and stop of a slot's process.</summary>
    public SlotState ScheduleStop(int index, StopAt? request)
    {
        if (request == null)
            throw AdminRefusal.BadRequest("the body must be a StopAt object");
        if (request.DrainSeconds < 0)
            throw AdminRefusal.BadRequest($"drainSeconds {request.DrainSeconds} must not be negative");
        lock (_gate)
        {
            var slot = _slots[index];
            var run = slot.Run;
            if (request.StopAtUtc is not { } at)
            {
                if (run?.StopAtUtc != null)
                    _log.LogInformation("Slot {Slot}: scheduled stop cancelled", slot.Name);
                if (run != null)
                    run.StopAtUtc = null;
                SaveRegistry();
                return Describe(slot);
            }

            if (run == null || run.Stopping != null)
                throw AdminRefusal.Conflict($"slot {slot.Name} has no process to stop");
            run.StopAtUtc = at.ToUniversalTime();
            run.StopDrainSeconds = request.DrainSeconds;
            SaveRegistry();
            _log.LogInformation("Slot {Slot}: stop scheduled at {StopAt:O} (drain {Drain} s)", slot.Name, run.StopAtUtc, request.DrainSeconds);
            return Describe(slot);
        }
    }

    /// <summary>
    /// Takes the scheduled stops that are due. A slot that carries traffic when its time comes is not stopped (its
    /// schedule is cleared): the schedule was made for a slot that had been switched away from, and it no longer is.
    /// </summary>
    public IReadOnlyList<(int Slot, TimeSpan Drain)> TakeDueStops(DateTimeOffset now)
    {
        var due = new List<(int, TimeSpan)>();
        var skipped = new List<(string Slot, int Weight)>();
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                if (slot.Run is not { StopAtUtc: { } at, Stopping: null } run || at > now)
                    continue;
                run.StopAtUtc = null;
                var weight = _traffic.Current[slot.Index];
                if (weight > 0)
                    skipped.Add((slot.Name, weight));
                else
                    due.Add((slot.Index, TimeSpan.FromSeconds(run.StopDrainSeconds)));
            }

            if (due.Count + skipped.Count > 0)
                SaveRegistry();
        }

        foreach (var (slot, weight) in skipped)
            _log.LogWarning("Slot {Slot}: scheduled stop skipped, the slot carries {Weight}% of traffic", slot, weight);
        return due;
    }

    /// <summary>Shutdown: no more customers anywhere, then every slot drained (at most <paramref name="drain"/>) and stopped.</summary>
    public async Task StopAllAsync(TimeSpan drain)
    {
        var stops = new List<Task>();
        var watches = new List<CancellationTokenSource>();
        lock (_gate)
        {
            _traffic.Apply(WeightTable.Nothing);
            foreach (var slot in _slots)
            {
                if (slot.Run is not { } run)
                    continue;
                if (run.Stopping == null)
                    BeginStop(slot, run, drain);
                stops.Add(run.Stopping!);
                watches.Add(run.Watch);
            }
        }

        foreach (var watch in watches)
            await watch.CancelAsync();
        await Task.WhenAll(stops);
    }

    /// <summary>Last resort when the edge fails: kill whatever slot process is still alive.</summary>
    public void KillAll()
    {
        lock (_gate)
        {
            foreach (var run in _slots.Select(slot => slot.Run).OfType<SlotRun>())
                run.Process.KillTree();
        }
    }

    // Under the lock: out of routing now, so no new request reaches the slot; the rest happens in the background.
    private void BeginStop(Slot slot, SlotRun run, TimeSpan drain)
    {
        run.Status = SlotStatus.Draining;
        run.StopAtUtc = null;
        PublishRoutes();
        run.Stopping = DrainThenStopAsync(slot, run, drain);
    }

    private async Task DrainThenStopAsync(Slot slot, SlotRun run, TimeSpan drain)
    {
        await Task.Yield(); // leave the caller's lock before doing anything
        var started = Stopwatch.GetTimestamp();
        var ending = "was not stopped";
        try
        {
            var left = await DrainAndStop.DrainAsync(run.Counters, drain);
            if (left > 0)
                _log.LogWarning("Slot {Slot}: {InFlight} requests still in flight after draining {Drain} s; stopping anyway", slot.Name, left, drain.TotalSeconds);
            ending = await DrainAndStop.StopAsync(run.Process);
        }
        finally
        {
            lock (_gate)
            {
                if (slot.Run == run)
                    slot.Run = null;
                SaveRegistry();
            }
        }

        _log.LogInformation("Slot {Slot}: stopped release {Release} (pid {Pid}): drained and {Ending} in {Seconds:0.0} s",
            slot.Name, run.Release, run.Pid, ending, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private async Task MarkRunningWhenListeningAsync(Slot slot, SlotRun run)
    {
        await Task.Yield(); // leave the caller's lock before doing anything
        var started = Stopwatch.GetTimestamp();
        if (!await ReadinessProbe.WaitUntilListeningAsync(run.Port, run.Watch.Token))
            return;
        lock (_gate)
        {
            if (slot.Run != run || run.Status != SlotStatus.Starting)
                return;
            run.Status = SlotStatus.Running;
            SaveRegistry();
        }

        _log.LogInformation("Slot {Slot}: release {Release} is running on port {Port} ({Seconds:0.00} s after start)",
            slot.Name, run.Release, run.Port, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    // The process ended by itself (a stop in progress handles its own exit). The slot keeps its weight and its place in
    // routing: customers routed to it get 502s, counted in its metrics, until the recipe moves traffic. The edge does
    // not redistribute traffic on its own; which release customers see is the recipe's decision.
    private void OnExited(Slot slot, SlotRun run)
    {
        var exitCode = run.Process.ExitCode;

        lock (_gate)
        {
            run.ExitCode = exitCode;
            if (slot.Run != run || run.Status == SlotStatus.Draining)
                return;
            run.Status = SlotStatus.Exited;
            run.StopAtUtc = null;
            SaveRegistry();
        }

        run.Watch.Cancel();
        _log.LogWarning("Slot {Slot}: release {Release} (pid {Pid}) exited by itself with code {ExitCode}; see {LogFile}",
            slot.Name, run.Release, run.Pid, exitCode, run.LogFile);
    }

    // Under the lock. Exited slots stay routed (see OnExited); draining ones are out.
    private void PublishRoutes() =>
        _routes.Publish(_slots
            .Where(slot => slot.Run is { Status: not SlotStatus.Draining })
            .Select(slot => (slot.Name, slot.Run!.Port, slot.Run.Release)));

    // Under the lock.
    private void SaveRegistry()
    {
        try
        {
            _registry.Save(_slots
                .Where(slot => slot.Run is { MayBeAlive: true })
                .Select(slot => Record(slot, slot.Run!))
                .ToList());
        }
        catch (IOException e)
        {
            _log.LogWarning("Could not write {File}: {Message}", EdgeFiles.SlotProcesses, e.Message);
        }
    }

    // Under the lock.
    private SlotProcessRecord Record(Slot slot, SlotRun run) =>
        new(slot.Name, run.Pid, run.StartedUtc, run.Command, run.Process.StartTicks, run.Release, run.Version, run.Port, run.LogFile,
            run.Status.ToWire(), _traffic.Current[slot.Index], run.StopAtUtc, run.StopDrainSeconds);

    // Under the lock.
    private SlotState Describe(Slot slot)
    {
        var weight = _traffic.Current[slot.Index];
        if (slot.Run is not { } run)
            return new SlotState(slot.Name, SlotStatus.Empty.ToWire(), null, null, null, null, null, null, weight, null, slot.LastLogFile);
        return new SlotState(slot.Name, run.Status.ToWire(), run.Release, run.Version, run.Port, run.Pid, run.StartedUtc,
            run.Status == SlotStatus.Exited ? run.ExitCode : null, weight, run.StopAtUtc, run.LogFile);
    }
}
