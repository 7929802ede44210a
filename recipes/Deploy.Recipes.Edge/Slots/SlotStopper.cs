using System.Diagnostics;
using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Routing;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Drains and stops slot processes: out of routing at once (under the lock), then in the background a wait for the
/// requests in flight and the end of the process (a backend's: its stop command). A second stop of the same slot waits for the first.
/// </summary>
internal sealed class SlotStopper(SlotTable table, ILogger log)
{
    /// <summary>
    /// Drains and stops a slot's process: refused while the slot carries traffic. Idempotent: an empty slot is returned
    /// as is, and a second call during a stop waits for the same stop.
    /// </summary>
    public async Task<SlotState> StopAsync(int index, TimeSpan drain)
    {
        Task stopping;
        SlotRun run;
        lock (table.Gate)
        {
            var slot = table.Slots[index];
            if (slot.Run == null)
                return table.Describe(slot);
            run = slot.Run;
            if (run.Stopping == null)
            {
                var weight = table.Traffic.Current[index];
                if (weight > 0)
                    throw AdminRefusal.Conflict($"slot {slot.Name} still carries {weight}% of traffic; move traffic off it before stopping it");
                BeginStop(slot, run, drain);
            }

            stopping = run.Stopping!;
        }

        await run.Watch.CancelAsync();
        await stopping;
        lock (table.Gate)
            return table.Describe(table.Slots[index]);
    }

    /// <summary>Shutdown: no more customers anywhere, then every slot drained (at most <paramref name="drain"/>) and stopped.</summary>
    public async Task StopAllAsync(TimeSpan drain)
    {
        var stops = new List<Task>();
        var watches = new List<CancellationTokenSource>();
        lock (table.Gate)
        {
            table.Traffic.Apply(WeightTable.Nothing);
            foreach (var slot in table.Slots)
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

    /// <summary>Last resort when the edge fails: kill whatever slot process is still alive (a backend is not the edge's to kill).</summary>
    public void KillAll()
    {
        lock (table.Gate)
        {
            foreach (var run in table.Slots.Select(slot => slot.Run).OfType<SlotRun>())
                run.Process.KillTree();
        }
    }

    // Under the lock: out of routing now, so no new request reaches the slot; the rest happens in the background.
    private void BeginStop(Slot slot, SlotRun run, TimeSpan drain)
    {
        run.Status = SlotStatus.Draining;
        run.StopAtUtc = null;
        table.PublishRoutes();
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
                log.LogWarning("Slot {Slot}: {InFlight} requests still in flight after draining {Drain} s; stopping anyway", slot.Name, left, drain.TotalSeconds);
            ending = await run.Process.EndAsync(log, slot.Name);
        }
        finally
        {
            lock (table.Gate)
            {
                if (slot.Run == run)
                    slot.Run = null;
                table.SaveRegistry();
            }
        }

        log.LogInformation("Slot {Slot}: stopped release {Release} ({Process}): drained and {Ending} in {Seconds:0.0} s",
            slot.Name, run.Release, run.Process.Label, ending, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
