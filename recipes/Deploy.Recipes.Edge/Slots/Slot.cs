namespace Deploy.Recipes.Edge.Slots;

/// <summary>A named slot (blue or green) and the process it holds, if any. Guarded by the lock of <see cref="SlotTable"/>.</summary>
internal sealed class Slot(string name, int index)
{
    public string Name { get; } = name;

    public int Index { get; } = index;

    public SlotRun? Run { get; set; }

    /// <summary>The log of the last process, kept when the slot is emptied so its output can still be read.</summary>
    public string? LastLogFile { get; set; }
}
