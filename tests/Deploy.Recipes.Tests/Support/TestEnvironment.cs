using System.Diagnostics;
using System.Text.Json;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// One environment of the repository copy (or of another repository with a build.sh), on a free public port, driven through ./build.sh as a user drives it.
/// Disposing takes it down and, as a safety net when a test failed midway, ends the edge and slot processes its
/// state files name (only those: processes this test's runs started), then removes its state.
/// </summary>
internal sealed class TestEnvironment : IDisposable
{
    public TestEnvironment(string name)
        : this(name, RepositoryCopy.Path)
    {
    }

    public TestEnvironment(string name, string repository)
    {
        Name = name;
        Repository = repository;
        Port = FreePort.Next();
        Wipe();
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Name { get; }

    public string Repository { get; }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public HttpClient Http { get; }

    public string State => Path.Combine(Repository, ".deploy", Name);

    public string AuditFile => Path.Combine(Repository, ".deploy", "audit", Name + ".jsonl");

    /// <summary>
    /// Runs ./build.sh with this environment and port added to <paramref name="args"/>. A Deploy that names no
    /// watch-time gets --watch-time=0: the post-promotion watch (2 min by default) is tested where it is the subject.
    /// </summary>
    public ProcessRun Build(params string[] args) =>
        ProcessRun.Start(Path.Combine(Repository, "build.sh"), [.. WithoutWatch(args), $"--environment={Name}", $"--public-port={Port}"],
            Repository, timeout: TimeSpan.FromMinutes(6));

    /// <summary><paramref name="args"/> plus --watch-time=0 when they run a Deploy and name no watch-time.</summary>
    public static string[] WithoutWatch(string[] args) =>
        args.Contains("--target=Deploy") && !args.Any(a => a.StartsWith("--watch-time", StringComparison.Ordinal)) ? [.. args, "--watch-time=0"] : args;

    /// <summary>Starts ./build.sh in the background; the caller waits for it.</summary>
    public Task<ProcessRun> BuildInBackground(params string[] args) => Task.Run(() => Build(args));

    public async Task<string> VersionAsync()
    {
        using var response = await Http.GetAsync("version");
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("version").GetString()!;
    }

    public int? EdgePid()
    {
        var file = Path.Combine(State, "edge", "edge.json");
        if (!File.Exists(file))
            return null;
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("pid").GetInt32();
    }

    public IReadOnlyList<int> SlotPids()
    {
        var file = Path.Combine(State, "edge", "slot-processes.json");
        if (!File.Exists(file))
            return [];
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.EnumerateArray().Select(e => e.GetProperty("pid").GetInt32()).ToList();
    }

    public static bool IsRunning(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');

    public void Dispose()
    {
        Http.Dispose();
        var pids = SlotPids().Concat(EdgePid() is { } edge ? [edge] : []).ToList();
        Build("--target=Down", "--force-unlock");
        foreach (var pid in pids.Where(IsRunning))
        {
            try
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
        }

        Wipe();
    }

    private void Wipe()
    {
        if (Directory.Exists(State))
            Directory.Delete(State, recursive: true);
        if (File.Exists(AuditFile))
            File.Delete(AuditFile);
        // The trail's anchor goes with it: a new trail beside an old anchor would start broken.
        if (File.Exists(global::Deploy.Recipes.Audit.AuditAnchor.PathOf(AuditFile)))
            File.Delete(global::Deploy.Recipes.Audit.AuditAnchor.PathOf(AuditFile));
    }
}
