using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>A slot as the contract shows it: to the recipe (<see cref="SlotState"/>) and to a successor edge (<see cref="SlotProcessRecord"/>).</summary>
internal static class SlotDescription
{
    /// <summary>The slot's state for the admin API.</summary>
    public static SlotState State(Slot slot, int weight, string? role)
    {
        if (slot.Run is not { } run)
            return new SlotState(slot.Name, SlotStatus.Empty, null, null, null, null, null, null, weight, null, slot.LastLogFile, role);
        if (run.Backend is { } backend)
        {
            return new SlotState(slot.Name, run.Status, run.Release, run.Version, run.Port, null, run.StartedUtc, null, weight, run.StopAtUtc, null, role,
                backend.Name);
        }

        return new SlotState(slot.Name, run.Status, run.Release, run.Version, run.Port, run.Pid, run.StartedUtc,
            run.Status == SlotStatus.Exited ? run.ExitCode : null, weight, run.StopAtUtc, run.LogFile, role);
    }

    /// <summary>The slot's process as <c>slot-processes.json</c> records it, for adoption after a crash.</summary>
    public static SlotProcessRecord Record(Slot slot, SlotRun run, int weight, bool canary) =>
        new(slot.Name, run.Pid, run.StartedUtc, run.Command, run.Process.StartTicks, run.Release, run.Version, run.Port, run.Backend == null ? run.LogFile : null,
            run.Status, weight, run.StopAtUtc, run.StopDrainSeconds, canary, run.Backend);
}
