using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>Starts a release's app: <c>dotnet &lt;AppDirectory&gt;/&lt;EntryAssembly&gt;</c> on a given loopback port.</summary>
internal static class ReleaseLauncher
{
    // The shell opens the log and execs the app in its place (same PID): the app writes to its log file itself, not
    // through pipes to the edge, so its output and its life do not depend on the edge that started it.
    private const string AppendOutputToLog = "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null";

    /// <summary>The command recorded in <c>slot-processes.json</c>: "&lt;dotnet&gt; &lt;dll&gt;", the DLL last.</summary>
    public static string CommandOf(string entryAssemblyPath) => $"{DotnetHost.Path} {entryAssemblyPath}";

    /// <summary>
    /// Starts the process with its output appended to <paramref name="logFile"/>. <paramref name="onExit"/> is attached
    /// before the start, so an app that dies at once is still noticed.
    /// </summary>
    public static Process Start(StartSlot release, string entryAssemblyPath, int port, string logFile, Action onExit)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = release.AppDirectory,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", AppendOutputToLog, "sh", logFile, DotnetHost.Path, entryAssemblyPath })
            start.ArgumentList.Add(argument);

        // A release outlives the CI job that deployed it: nothing that ties a process to that job is passed on.
        CiJobVariables.RemoveFrom(start.Environment);
        Hosting.InlineSocketCompletions.RestoreFor(start.Environment);
        foreach (var (name, value) in release.Environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        // Set last: the edge chose the port and routes to it, so the release's own settings cannot move it.
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Exited += (_, _) => onExit();
        process.Start();
        return process;
    }
}
