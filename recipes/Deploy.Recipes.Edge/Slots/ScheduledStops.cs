using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Carries out the stops scheduled with <c>PUT /admin/slots/{slot}/stop-at</c> (e.g. "stop the old release in an
/// hour, unless we rolled back to it"): checks four times a second, so a stop is at most 250 ms late.
/// </summary>
internal sealed class ScheduledStops(SlotSupervisor slots, ILogger<ScheduledStops> log)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                foreach (var (slot, drain) in slots.TakeDueStops(DateTimeOffset.UtcNow))
                    _ = StopAsync(slot, drain);
            }
        }
        catch (OperationCanceledException)
        {
            // The edge is shutting down; it stops every slot itself.
        }
    }

    private async Task StopAsync(int slot, TimeSpan drain)
    {
        var name = SlotNames.All[slot];
        log.LogInformation("Slot {Slot}: scheduled stop is due", name);
        try
        {
            await slots.StopAsync(slot, drain);
        }
        catch (Exception e)
        {
            // Traffic moved onto the slot between the check and the stop (409), or the stop failed: the slot keeps running.
            log.LogWarning("Slot {Slot}: scheduled stop not carried out: {Message}", name, e.Message);
        }
    }
}
