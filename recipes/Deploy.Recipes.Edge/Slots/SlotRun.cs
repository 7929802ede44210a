using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Metrics;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// One process started in a slot (or one backend handed to it), from start until the slot is emptied. Mutable members are guarded by the
/// lock of <see cref="SlotTable"/>.
/// </summary>
internal sealed class SlotRun(string release, string version, int port, SlotProcess process, string command, string logFile, SlotCounters counters,
    DateTimeOffset? startedUtc = null)
{
    public string Release { get; } = release;

    public string Version { get; } = version;

    public int Port { get; } = port;

    public SlotProcess Process { get; } = process;

    public int Pid { get; } = process.Pid;

    public string Command { get; } = command;

    /// <summary>The release the edge was handed the address of (see <see cref="BackendSlotProcess"/>); null for a process it started.</summary>
    public SlotBackend? Backend => (Process as BackendSlotProcess)?.Backend;

    public string LogFile { get; } = logFile;

    /// <summary>When the process was started (by this edge, or by the predecessor it was adopted from).</summary>
    public DateTimeOffset StartedUtc { get; } = startedUtc ?? DateTimeOffset.UtcNow;

    /// <summary>This run's counters: requests still in flight to it are counted here even after the slot restarts.</summary>
    public SlotCounters Counters { get; } = counters;

    /// <summary>Cancelled when the process exits or is being stopped: ends the wait for the port to open.</summary>
    public CancellationTokenSource Watch { get; } = new();

    public SlotStatus Status { get; set; } = SlotStatus.Starting;

    public int? ExitCode { get; set; }

    public DateTimeOffset? StopAtUtc { get; set; }

    public int StopDrainSeconds { get; set; }

    /// <summary>The drain and stop under way, so a second stop request waits for the same one.</summary>
    public Task? Stopping { get; set; }

    /// <summary>Whether the process may still be alive (so it is recorded in <c>slot-processes.json</c>).</summary>
    public bool MayBeAlive => Status is SlotStatus.Starting or SlotStatus.Running or SlotStatus.Draining;
}
