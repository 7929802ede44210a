using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>Stops asked for at a time (the end of a bake time): kept on the slot's run, taken when due by <see cref="ScheduledStops"/>.</summary>
internal sealed class SlotStopSchedule(SlotTable table, ILogger log)
{
    /// <summary>Schedules (or cancels, with a null time) a drain and stop of a slot's process.</summary>
    public SlotState ScheduleStop(int index, StopAt? request)
    {
        if (request == null)
            throw AdminRefusal.BadRequest("the body must be a StopAt object");
        if (request.DrainSeconds < 0)
            throw AdminRefusal.BadRequest($"drainSeconds {request.DrainSeconds} must not be negative");
        lock (table.Gate)
        {
            var slot = table.Slots[index];
            var run = slot.Run;
            if (request.StopAtUtc is not { } at)
            {
                if (run?.StopAtUtc != null)
                    log.LogInformation("Slot {Slot}: scheduled stop cancelled", slot.Name);
                if (run != null)
                    run.StopAtUtc = null;
                table.SaveRegistry();
                return table.Describe(slot);
            }

            if (run == null || run.Stopping != null)
                throw AdminRefusal.Conflict($"slot {slot.Name} has no process to stop");
            run.StopAtUtc = at.ToUniversalTime();
            run.StopDrainSeconds = request.DrainSeconds;
            table.SaveRegistry();
            log.LogInformation("Slot {Slot}: stop scheduled at {StopAt:O} (drain {Drain} s)", slot.Name, run.StopAtUtc, request.DrainSeconds);
            return table.Describe(slot);
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
        lock (table.Gate)
        {
            foreach (var slot in table.Slots)
            {
                if (slot.Run is not { StopAtUtc: { } at, Stopping: null } run || at > now)
                    continue;
                run.StopAtUtc = null;
                var weight = table.Traffic.Current[slot.Index];
                if (weight > 0)
                    skipped.Add((slot.Name, weight));
                else
                    due.Add((slot.Index, TimeSpan.FromSeconds(run.StopDrainSeconds)));
            }

            if (due.Count + skipped.Count > 0)
                table.SaveRegistry();
        }

        foreach (var (slot, weight) in skipped)
            log.LogWarning("Slot {Slot}: scheduled stop skipped, the slot carries {Weight}% of traffic", slot, weight);
        return due;
    }
}
