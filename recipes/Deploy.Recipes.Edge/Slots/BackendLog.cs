using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// A backend's log, as <c>GET /admin/slots/{slot}/log</c> gives it: its <see cref="SlotBackend.LogCommand"/> run with
/// the number of lines, standard output and error together, shaped as <see cref="LogTail"/> shapes a log file. When the
/// command fails, the text says so and why, so the failure message that quotes it still explains something.
/// </summary>
internal static class BackendLog
{
    /// <summary>How long a log command may take; below the recipe's own wait for the log endpoint.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static async Task<string> ReadAsync(SlotBackend backend, int lines)
    {
        var command = SlotBackendCheck.LogCommandFor(backend, lines);
        var result = await BackendCommand.RunAsync(backend, command, Limit);
        var tail = result.Output.TakeLast(lines).Select(line => "  | " + line).ToList();
        if (!result.Succeeded)
            return $"  (the log command `{BackendCommand.Show(command)}` {result.Failure ?? $"exited with code {result.ExitCode}"}{(tail.Count > 0 ? "; its output:" : "")})"
                + (tail.Count > 0 ? "\n" + string.Join("\n", tail) : "");
        return tail.Count == 0 ? "  (the log is empty)" : string.Join("\n", tail);
    }
}
