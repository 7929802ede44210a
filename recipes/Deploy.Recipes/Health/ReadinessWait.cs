using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Health;

/// <summary>
/// Waits until a slot's release answers its ready path with 2xx through the operator route. Fails at once when the
/// process exits, within seconds when the app answers only 404 there (<see cref="MissingReadyPath"/>), and at the
/// timeout otherwise; the error quotes the release's last log lines.
/// </summary>
public static class ReadinessWait
{
    /// <summary>Returns how long readiness took.</summary>
    public static async Task<TimeSpan> WaitAsync(ITrafficEdge edge, string slot, string readyPath, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        TimeSpan? notFoundSince = null;
        while (clock.Elapsed < timeout)
        {
            var state = (await edge.StateAsync()).Slots.Single(s => s.Name == slot);
            if (state.Status is SlotStatus.Exited or SlotStatus.Empty)
                throw new ReleaseCheckFailedException(
                    $"Release {state.Release} in slot {slot} exited (code {state.ExitCode?.ToString() ?? "unknown"}) before it was ready. Last lines of its log{LogName(state)}:\n{await edge.SlotLogTailAsync(slot, 20)}");
            int? status = null;
            if (state.Status == SlotStatus.Running)
            {
                try
                {
                    using var response = await edge.OperatorGetAsync(slot, readyPath, Timeout.InfiniteTimeSpan, CancellationToken.None);
                    // Only an answer the app gave counts: the edge's own answers carry no served-by header.
                    var fromApp = response.Headers.TryGetValues(EdgeFiles.ServedByHeader, out var servedBy) && servedBy.Contains(slot);
                    if (response.IsSuccessStatusCode && fromApp)
                        return clock.Elapsed;
                    status = fromApp ? (int)response.StatusCode : null;
                    last = $"{(int)response.StatusCode} {Short(await response.Content.ReadAsStringAsync())}";
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }
            }

            notFoundSince = MissingReadyPath.Streak(notFoundSince, status, clock.Elapsed);
            if (MissingReadyPath.IsMissing(notFoundSince, clock.Elapsed))
                throw new ReleaseCheckFailedException($"{MissingReadyPath.Explain(readyPath, $"Release {state.Release} in slot {slot}")} Last lines of its log{LogName(state)}:\n{await edge.SlotLogTailAsync(slot, 10)}");
            await Task.Delay(100);
        }

        var final = (await edge.StateAsync()).Slots.Single(s => s.Name == slot);
        throw new ReleaseCheckFailedException(
            $"Release {final.Release} in slot {slot} was not ready within {timeout.TotalSeconds:0.#} s (last answer to {readyPath}: {last}). Last lines of its log{LogName(final)}:\n{await edge.SlotLogTailAsync(slot, 20)}");
    }

    internal static string Short(string text) => text.Length <= 120 ? text.Trim() : text[..120].Trim() + "...";

    // A slot handed a backend (a container) has no log file: name what runs there instead; its log command gives the lines.
    private static string LogName(SlotState state) =>
        state.LogFile is { Length: > 0 } file ? $" {file}" : state.Backend is { } backend ? $" ({backend})" : "";
}
