using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>What a backend's command did: its exit code (null when it did not end in time or could not start) and its output.</summary>
internal sealed record BackendCommandResult(int? ExitCode, IReadOnlyList<string> Output, string? Failure)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Why it failed, for a log line or the log endpoint: the exit code or the reason, then its last output lines.</summary>
    public string Why(int lines = 20)
    {
        var reason = Failure ?? $"exited with code {ExitCode}";
        var tail = Output.TakeLast(lines).ToList();
        return tail.Count == 0 ? reason : $"{reason}: {string.Join(" | ", tail)}";
    }
}

/// <summary>
/// Runs one of a backend's commands (<see cref="SlotBackend.StopCommand"/>, <see cref="SlotBackend.LogCommand"/>) on
/// the edge's host, as the edge would signal or read a process it started: argv without a shell, the edge's
/// environment less CI job variables plus the backend's <see cref="SlotBackend.CommandEnvironment"/>, standard input
/// closed, standard output and error read together in arrival order, and a time limit after which the command's own
/// process tree (started here, so ours) is killed.
/// </summary>
internal static class BackendCommand
{
    public static async Task<BackendCommandResult> RunAsync(SlotBackend backend, IReadOnlyList<string> argv, TimeSpan limit)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in argv.Skip(1))
            start.ArgumentList.Add(argument);
        CiJobVariables.RemoveFrom(start.Environment);
        Hosting.InlineSocketCompletions.RestoreFor(start.Environment);
        foreach (var (name, value) in backend.CommandEnvironment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var output = new List<string>();
        void Collect(string? line)
        {
            if (line == null)
                return;
            lock (output)
                output.Add(line);
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return new BackendCommandResult(null, [], $"could not start {argv[0]}: {e.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // Ended just now.
            }

            lock (output)
                return new BackendCommandResult(null, output.ToList(), $"did not end within {limit.TotalSeconds:0} s and was killed");
        }

        lock (output)
            return new BackendCommandResult(process.ExitCode, output.ToList(), null);
    }

    /// <summary>The argv as one line for logs (a backend's commands carry no secrets: see <see cref="SlotBackend.CommandEnvironment"/>).</summary>
    public static string Show(IReadOnlyList<string> argv) =>
        string.Join(' ', argv.Select(argument => argument.Length > 0 && argument.All(c => !char.IsWhiteSpace(c) && c is not ('"' or '\'')) ? argument : $"'{argument}'"));
}
