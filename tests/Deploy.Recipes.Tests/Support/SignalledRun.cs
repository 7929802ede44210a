using System.Diagnostics;
using System.Text;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A ./build.sh run in the background that the test can send a signal to (by its own PID: build.sh execs the build
/// program, so the PID is the program's), then wait for.
/// </summary>
internal sealed class SignalledRun : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    public SignalledRun(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(System.IO.Path.Combine(workingDirectory, "build.sh"))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_error) _error.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string OutputSoFar
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, INT) to the run's process.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the run to end; on timeout ends it (it is ours) and fails.</summary>
    public ProcessRun WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"build.sh did not end within {timeout}:\n{OutputSoFar}\n{_error}");
        }

        _process.WaitForExit();
        string output, error;
        lock (_output)
            output = _output.ToString();
        lock (_error)
            error = _error.ToString();
        return new ProcessRun(_process.ExitCode, output, error);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
