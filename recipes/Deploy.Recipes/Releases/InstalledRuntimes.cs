using System.Diagnostics;

namespace Deploy.Recipes.Releases;

/// <summary>
/// The shared frameworks (runtimes) of the <c>dotnet</c> host that starts releases: the edge and the trial run are
/// started with this process's own host, so its <c>shared/&lt;framework&gt;/&lt;version&gt;</c> folders are what an
/// app can run on. Falls back to <c>dotnet --list-runtimes</c> when the host's folder cannot be found.
/// </summary>
public sealed record InstalledRuntimes(string Where, IReadOnlyDictionary<string, IReadOnlyList<string>> Versions)
{
    /// <summary>The runtimes of the host this process runs on.</summary>
    public static InstalledRuntimes OfThisHost()
    {
        var host = HostPath();
        var root = host == null ? null : Path.GetDirectoryName(ResolveLinks(host));
        var shared = root == null ? null : Path.Combine(root, "shared");
        if (shared != null && Directory.Exists(shared))
        {
            return new InstalledRuntimes(shared, Directory.GetDirectories(shared).ToDictionary(
                framework => Path.GetFileName(framework)!,
                framework => (IReadOnlyList<string>)Directory.GetDirectories(framework).Select(Path.GetFileName).OfType<string>().Order().ToList(),
                StringComparer.Ordinal)!);
        }

        return FromListRuntimes(RunListRuntimes(host ?? "dotnet"));
    }

    /// <summary>Parses <c>dotnet --list-runtimes</c> output: lines "Microsoft.AspNetCore.App 10.0.12 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]".</summary>
    public static InstalledRuntimes FromListRuntimes(string output)
    {
        var versions = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 3))
            .Where(parts => parts.Length >= 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(parts => parts[1]).ToList(), StringComparer.Ordinal);
        return new InstalledRuntimes("dotnet --list-runtimes", versions);
    }

    /// <summary>"Microsoft.AspNetCore.App 10.0.12, Microsoft.NETCore.App 10.0.12" or "none".</summary>
    public string Describe() =>
        Versions.Count == 0 ? "none" : string.Join(", ", Versions.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Select(v => $"{p.Key} {v}")));

    // The host the edge and trial runs are started with (see LocalEdge and TrialRun): this process's, when it is dotnet.
    private static string? HostPath()
    {
        var self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return !string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : null;
    }

    private static string ResolveLinks(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static string RunListRuntimes(string host)
    {
        var start = new ProcessStartInfo(host, "--list-runtimes") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
