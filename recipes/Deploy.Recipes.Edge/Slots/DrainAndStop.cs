using System.Diagnostics;
using Deploy.Recipes.Edge.Metrics;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// The two halves of stopping a slot that no longer receives new requests: wait for its in-flight requests to end
/// (bounded), then SIGTERM the app, and kill its process tree if it has not ended within the grace period.
/// </summary>
internal static class DrainAndStop
{
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(10);

    /// <summary>Waits until no request is in flight or the drain time is up; returns the requests still in flight.</summary>
    public static async Task<int> DrainAsync(SlotCounters counters, TimeSpan drain)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        while (counters.InFlight > 0 && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(25);
        return counters.InFlight;
    }

    /// <summary>Ends the process; returns how it ended, for the log.</summary>
    public static async Task<string> StopAsync(SlotProcess process)
    {
        if (process.HasExited)
            return $"had already exited{ExitCodeText(process)}";

        process.Terminate();
        using (var grace = new CancellationTokenSource(TerminationGrace))
        {
            try
            {
                await process.WaitForExitAsync(grace.Token);
                return $"exited{ExitCodeText(process)} after SIGTERM";
            }
            catch (OperationCanceledException)
            {
                // Still running after the grace period.
            }
        }

        process.KillTree();
        using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(kill.Token);
        }
        catch (OperationCanceledException)
        {
            return $"did not end {TerminationGrace.TotalSeconds:0} s after SIGTERM nor after SIGKILL";
        }

        return $"did not end {TerminationGrace.TotalSeconds:0} s after SIGTERM and was killed";
    }

    private static string ExitCodeText(SlotProcess process) => process.ExitCode is { } code ? $" with code {code}" : "";
}
