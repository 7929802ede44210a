using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>Starts a release's app: <c>dotnet &lt;AppDirectory&gt;/&lt;EntryAssembly&gt;</c> on a given loopback port.</summary>
internal static class ReleaseLauncher
{
    /// <summary>The command recorded in <c>slot-processes.json</c>: "&lt;dotnet&gt; &lt;dll&gt;", the DLL last.</summary>
    public static string CommandOf(string entryAssemblyPath) => $"{DotnetHost.Path} {entryAssemblyPath}";

    /// <summary>
    /// Starts the process with its output going to <paramref name="log"/>. <paramref name="onExit"/> is attached
    /// before the start, so an app that dies at once is still noticed.
    /// </summary>
    public static Process Start(StartSlot release, string entryAssemblyPath, int port, SlotLog log, Action onExit)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            WorkingDirectory = release.AppDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(entryAssemblyPath);
        foreach (var (name, value) in release.Environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        // Set last: the edge chose the port and routes to it, so the release's own settings cannot move it.
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Exited += (_, _) => onExit();
        process.Start();
        var output = log.PumpAsync(process.StandardOutput.BaseStream);
        var errors = log.PumpAsync(process.StandardError.BaseStream);
        _ = Task.WhenAll(output, errors).ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return process;
    }
}
