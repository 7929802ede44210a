using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Metrics;
using Deploy.Recipes.Edge.Routing;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Owns the slots: what the admin API, adoption and the stop schedule ask of them, each kept in step with routing,
/// weights and <c>slot-processes.json</c> under one lock (<see cref="SlotTable"/>). The work is done by its parts:
/// <see cref="SlotStarter"/> (start, adopt), <see cref="SlotStopper"/> (drain and stop), <see cref="SlotStopSchedule"/>
/// (stops at a time) and <see cref="SlotRunWatch"/> (running when listening, exited by itself).
/// </summary>
internal sealed class SlotSupervisor
{
    private readonly SlotTable _table;
    private readonly SlotStarter _starter;
    private readonly SlotStopper _stopper;
    private readonly SlotStopSchedule _schedule;
    private readonly ILogger<SlotSupervisor> _log;

    public SlotSupervisor(string stateDirectory, TrafficWeights traffic, SlotRoutes routes, SlotMetricsBoard metrics,
        SlotProcessRegistry registry, ILogger<SlotSupervisor> log)
    {
        _log = log;
        _table = new SlotTable(traffic, routes, registry, log);
        _starter = new SlotStarter(_table, new SlotRunWatch(_table, log), metrics, Path.Combine(stateDirectory, EdgeFiles.Logs), log);
        _stopper = new SlotStopper(_table, log);
        _schedule = new SlotStopSchedule(_table, log);
    }

    /// <summary>The index of a slot named in an admin URL; 404 naming the valid names otherwise.</summary>
    public static int IndexOf(string name)
    {
        var index = SlotNames.IndexOf(name);
        return index >= 0 ? index : throw AdminRefusal.NotFound($"unknown slot '{name}'; slots are {SlotNames.Listed}");
    }

    public IReadOnlyList<SlotState> States()
    {
        lock (_table.Gate)
            return _table.Slots.Select(_table.Describe).ToArray();
    }

    public SlotState State(int index)
    {
        lock (_table.Gate)
            return _table.Describe(_table.Slots[index]);
    }

    /// <summary>Starts a release's process in an empty (or exited) slot, at weight 0 and with fresh metrics.</summary>
    public SlotState Start(int index, StartSlot? release) => _starter.Start(index, release);

    /// <summary>Takes over a slot process a dead predecessor started (see <see cref="SlotStarter.Adopt"/>).</summary>
    public SlotState Adopt(int index, SlotProcessRecord record, bool listening) => _starter.Adopt(index, record, listening);

    /// <summary>
    /// The last <paramref name="lines"/> lines of the slot's log: its log file for a process, its log command's output
    /// for a backend. After the slot is emptied, the last release's log is still read, so a failure can quote it.
    /// </summary>
    public Task<string> ReadLogAsync(int index, int lines)
    {
        SlotBackend? backend;
        string? file;
        lock (_table.Gate)
            (backend, file) = (_table.Slots[index].LastBackend, _table.Slots[index].LastLogFile);
        return backend != null ? BackendLog.ReadAsync(backend, lines) : Task.FromResult(LogTail.Read(file, lines));
    }

    /// <summary>Writes <c>slot-processes.json</c> as the slots are now.</summary>
    public void Persist()
    {
        lock (_table.Gate)
            _table.SaveRegistry();
    }

    /// <summary>Drains and stops a slot's process (see <see cref="SlotStopper.StopAsync"/>).</summary>
    public Task<SlotState> StopAsync(int index, TimeSpan drain) => _stopper.StopAsync(index, drain);

    /// <summary>Applies new weights: a slot may only receive traffic while its process is running.</summary>
    public void ApplyTraffic(WeightTable weights)
    {
        lock (_table.Gate)
        {
            foreach (var slot in _table.Slots)
            {
                var status = slot.Run?.Status ?? SlotStatus.Empty;
                if (weights[slot.Index] > 0 && status != SlotStatus.Running)
                    throw AdminRefusal.Conflict($"slot {slot.Name} is {status.ToWire()}, not running; it cannot take traffic");
            }

            _table.Traffic.Apply(weights);
            _table.SaveRegistry();
        }

        _log.LogInformation("Traffic: {Weights}", weights);
    }

    /// <summary>Schedules (or cancels, with a null time) a drain and stop of a slot's process.</summary>
    public SlotState ScheduleStop(int index, StopAt? request) => _schedule.ScheduleStop(index, request);

    /// <summary>Takes the scheduled stops that are due (see <see cref="SlotStopSchedule.TakeDueStops"/>).</summary>
    public IReadOnlyList<(int Slot, TimeSpan Drain)> TakeDueStops(DateTimeOffset now) => _schedule.TakeDueStops(now);

    /// <summary>Shutdown: no more customers anywhere, then every slot drained (at most <paramref name="drain"/>) and stopped.</summary>
    public Task StopAllAsync(TimeSpan drain) => _stopper.StopAllAsync(drain);

    /// <summary>Last resort when the edge fails: kill whatever slot process is still alive.</summary>
    public void KillAll() => _stopper.KillAll();
}
