using System.ComponentModel;
using System.Diagnostics;

namespace Deploy.Recipes.Targets.Local;

/// <summary>Runs a <see cref="HostCommand"/> on this machine as a child process (no shell).</summary>
internal static class LocalCommand
{
    /// <summary>Runs it to the end; its standard input is written and closed first, so a secret never waits in a pipe.</summary>
    public static async Task<HostCommandResult> RunAsync(HostCommand command, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(command.Arguments[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments.Skip(1))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in command.Environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Host {LocalTarget.HostName}: '{command.Arguments[0]}' could not be started ({e.Message}); is it installed and on PATH?", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancel);
            var error = process.StandardError.ReadToEndAsync(cancel);
            try
            {
                if (command.StandardInput != null)
                    await process.StandardInput.WriteAsync(command.StandardInput.AsMemory(), cancel);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program ended without reading its input: its exit code and error say why.
            }

            var timeout = command.Timeout ?? HostCommand.DefaultTimeout;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancel.ThrowIfCancellationRequested();
                throw new TimeoutException($"Host {LocalTarget.HostName}: '{command}' did not finish within {timeout.TotalSeconds:0.#} s and was ended.");
            }

            return new HostCommandResult(process.ExitCode, await output, await error);
        }
    }
}
