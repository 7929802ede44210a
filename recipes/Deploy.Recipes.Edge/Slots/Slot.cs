using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>A named slot (blue or green) and the process it holds, if any. Guarded by the lock of <see cref="SlotTable"/>.</summary>
internal sealed class Slot(string name, int index)
{
    public string Name { get; } = name;

    public int Index { get; } = index;

    public SlotRun? Run { get; set; }

    /// <summary>The log of the last process, kept when the slot is emptied so its output can still be read.</summary>
    public string? LastLogFile { get; set; }

    /// <summary>
    /// The last backend's (when the slot last held one instead of a process), kept when the slot is emptied so its log
    /// command can still be run for a failure message. Only one of this and <see cref="LastLogFile"/> is set.
    /// </summary>
    public SlotBackend? LastBackend { get; set; }

    /// <summary>Remembers where the log of <paramref name="run"/> is read, in place of the previous run's.</summary>
    public void RememberLogOf(SlotRun run)
    {
        LastBackend = run.Backend;
        LastLogFile = run.Backend == null ? run.LogFile : null;
    }
}
