using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Health;

/// <summary>
/// Waits until a slot's release answers <c>/health/ready</c> with 2xx through the operator route. Fails at once when
/// the process exits, and at the timeout otherwise; either way the error quotes the release's last log lines.
/// </summary>
public static class ReadinessWait
{
    /// <summary>The path every release must answer 2xx on when it can take traffic.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>Returns how long readiness took.</summary>
    public static async Task<TimeSpan> WaitAsync(EdgeClient edge, string slot, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            var state = (await edge.StateAsync()).Slots.Single(s => s.Name == slot);
            if (state.Status is "exited" or "empty")
                throw new ReleaseCheckFailedException(
                    $"Release {state.Release} in slot {slot} exited (code {state.ExitCode?.ToString() ?? "unknown"}) before it was ready. Last lines of its log {state.LogFile}:\n{LogTail.Read(state.LogFile, 20)}");
            if (state.Status == "running")
            {
                try
                {
                    using var response = await edge.OperatorGetAsync(slot, ReadyPath);
                    if (response.IsSuccessStatusCode && response.Headers.TryGetValues(EdgeFiles.ServedByHeader, out var servedBy) && servedBy.Contains(slot))
                        return clock.Elapsed;
                    last = $"{(int)response.StatusCode} {Short(await response.Content.ReadAsStringAsync())}";
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }
            }

            await Task.Delay(100);
        }

        var final = (await edge.StateAsync()).Slots.Single(s => s.Name == slot);
        throw new ReleaseCheckFailedException(
            $"Release {final.Release} in slot {slot} was not ready within {timeout.TotalSeconds:0.#} s (last answer to {ReadyPath}: {last}). Last lines of its log {final.LogFile}:\n{LogTail.Read(final.LogFile, 20)}");
    }

    internal static string Short(string text) => text.Length <= 120 ? text.Trim() : text[..120].Trim() + "...";
}
