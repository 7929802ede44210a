namespace Deploy.Recipes.Edge.Slots;

/// <summary>Where a slot's process is in its life; written in lowercase in <see cref="Contract.SlotState"/>.</summary>
internal enum SlotStatus
{
    Empty,
    Starting,
    Running,
    Draining,
    Exited,
}

internal static class SlotStatusText
{
    public static string ToWire(this SlotStatus status) => status switch
    {
        SlotStatus.Empty => "empty",
        SlotStatus.Starting => "starting",
        SlotStatus.Running => "running",
        SlotStatus.Draining => "draining",
        SlotStatus.Exited => "exited",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
