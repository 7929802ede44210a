using System.Diagnostics;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// Runs pg_dump / pg_restore as child processes: the connection (password included) goes into the child's libpq
/// environment, never onto its command line; a non-zero exit becomes a <see cref="PostgresEngineException"/> saying
/// what was being done, with the tool's stderr, passwords redacted.
/// </summary>
internal static class ToolProcess
{
    /// <summary>Runs one tool to completion.</summary>
    public static void Run(ToolCommand command, string doing, TimeSpan timeout)
    {
        using var process = Start(command, redirectInput: false);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            Kill(process);
            throw Failure(doing, command, $"did not finish within {timeout}", error);
        }

        process.WaitForExit();
        _ = output.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
            throw Failure(doing, command, $"exited with code {process.ExitCode}", error);
    }

    /// <summary>
    /// Runs <paramref name="producer"/> with its stdout piped into <paramref name="consumer"/>'s stdin, both at once.
    /// When the consumer fails first the producer is stopped (nobody reads its output any more).
    /// </summary>
    public static void Pipe(ToolCommand producer, ToolCommand consumer, string doing, TimeSpan timeout)
    {
        using var source = Start(producer, redirectInput: false);
        Process sink;
        try
        {
            sink = Start(consumer, redirectInput: true);
        }
        catch
        {
            Kill(source);
            throw;
        }

        using (sink)
        {
            var sourceError = source.StandardError.ReadToEndAsync();
            var sinkError = sink.StandardError.ReadToEndAsync();
            var sinkOutput = sink.StandardOutput.ReadToEndAsync();
            var copy = Task.Run(async () =>
            {
                try
                {
                    await source.StandardOutput.BaseStream.CopyToAsync(sink.StandardInput.BaseStream);
                }
                catch (IOException)
                {
                    // The consumer stopped reading (it failed): stop the producer; the consumer's exit code and stderr
                    // say why.
                    Kill(source);
                }
                finally
                {
                    try { sink.StandardInput.Close(); } catch (IOException) { /* already gone */ }
                }
            });

            var deadline = Stopwatch.StartNew();
            var finished = sink.WaitForExit(timeout) && source.WaitForExit(Remaining(timeout, deadline)) &&
                           copy.Wait(Remaining(timeout, deadline));
            if (!finished)
            {
                Kill(sink);
                Kill(source);
                throw Failure(doing, producer, $"and {consumer.Name} did not finish within {timeout}", sourceError, sinkError, consumer);
            }

            source.WaitForExit();
            sink.WaitForExit();
            _ = sinkOutput.GetAwaiter().GetResult();
            if (source.ExitCode != 0)
                throw Failure(doing, producer, $"exited with code {source.ExitCode}" +
                    (sink.ExitCode != 0 ? $" ({consumer.Name} exited with code {sink.ExitCode})" : ""), sourceError, sinkError, consumer);
            if (sink.ExitCode != 0)
                throw Failure(doing, consumer, $"exited with code {sink.ExitCode}", sinkError);
        }
    }

    private static Process Start(ToolCommand command, bool redirectInput)
    {
        var start = new ProcessStartInfo(command.Executable)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in command.Target.ToolEnvironment(command.Database))
            start.Environment[key] = value;
        try
        {
            return Process.Start(start) ?? throw new PostgresEngineException($"{command.Name} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PostgresEngineException($"{command.Executable} could not be started: {e.Message}");
        }
    }

    private static TimeSpan Remaining(TimeSpan timeout, Stopwatch elapsed) =>
        timeout == Timeout.InfiniteTimeSpan ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - elapsed.Elapsed).Ticks));

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    private static PostgresEngineException Failure(string doing, ToolCommand command, string what, Task<string> error,
        Task<string>? otherError = null, ToolCommand? other = null)
    {
        var message = $"{doing} failed: {command.Name} {what}." + Stderr(command, error);
        if (otherError != null && other != null)
            message += Stderr(other, otherError);
        return new PostgresEngineException(command.Target.Redact(message));
    }

    private static string Stderr(ToolCommand command, Task<string> error)
    {
        var text = error.Wait(TimeSpan.FromSeconds(5)) ? error.Result.Trim() : "";
        return text.Length == 0 ? "" : $"\n{command.Name} said:\n{text}";
    }
}
