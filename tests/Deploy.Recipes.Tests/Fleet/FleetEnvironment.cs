using System.Runtime.Versioning;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Fleet;

/// <summary>
/// One environment of the repository copy released onto a <see cref="LoopbackFleet"/> through ./build.sh, as a user
/// releases onto servers: every run gets the fleet's hosts, key and known-hosts file, and the environment's public
/// port, on which each host's edge answers at the host's own address. Disposing takes the fleet's edges down
/// (--target=Down) and removes the environment's local state; the fleet ends what is left when it is disposed.
/// </summary>
/// <remarks>
/// The sample shop keeps its orders in SQLite; on a fleet the recipe manages no SQLite database (one file cannot be
/// shared by servers), so each host's shop keeps its own database in the host's data folder and migrates it itself.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class FleetEnvironment : IDisposable
{
    /// <summary>What the shop's releases get on a fleet: the shop's own SQLite database in each host's data folder.</summary>
    public static readonly string[] ShopOnAFleet =
    [
        "--app-settings=ConnectionStrings__Shop=Data Source={data}/shop.db;Shop__MigrateOnStartup=true",
    ];

    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly IReadOnlyDictionary<string, string>? variables;

    /// <param name="fleet">The hosts.</param>
    /// <param name="name">The environment's name.</param>
    /// <param name="variables">Environment variables every ./build.sh run gets (settings that must stay off the command line, such as a registry password).</param>
    public FleetEnvironment(LoopbackFleet fleet, string name = "production", IReadOnlyDictionary<string, string>? variables = null)
    {
        Fleet = fleet;
        Name = name;
        this.variables = variables;
        Port = FreePort.Next();
        Wipe();
    }

    public LoopbackFleet Fleet { get; }

    public string Name { get; }

    /// <summary>The public port every host's edge listens on, at the host's address.</summary>
    public int Port { get; }

    public string Repository => RepositoryCopy.Path;

    public string AuditFile => Path.Combine(Repository, ".deploy", "audit", Name + ".jsonl");

    /// <summary>Where the shop answers customers on host <paramref name="index"/>.</summary>
    public Uri Url(int index) => new($"http://{Fleet[index].Address}:{Port}/");

    /// <summary>The host's data folder, as the SSH target lays it out under the host user's home.</summary>
    public string DataDirectory(int index) => Path.Combine(Fleet[index].Home, ".deploy", Name, "data");

    /// <summary>Runs ./build.sh with this environment, its port, no recipe-managed database and the fleet's hosts, key and known-hosts added to <paramref name="args"/>.</summary>
    public ProcessRun Build(params string[] args) =>
        ProcessRun.Start(Path.Combine(Repository, "build.sh"),
            // --database= : this repository's build program declares the shop's SQLite database, which a fleet refuses.
            [.. TestEnvironment.WithoutWatch(args), "--database=", $"--environment={Name}", $"--public-port={Port}", $"--hosts={Fleet.HostsSetting}",
             $"--ssh-key={Fleet.ClientKey}", $"--known-hosts={Fleet.KnownHosts}"],
            Repository, variables == null ? null : new Dictionary<string, string>(variables), TimeSpan.FromMinutes(8));

    /// <summary>Deploys a packaged release of the shop to the fleet.</summary>
    public ProcessRun Deploy(string version, params string[] more) =>
        Build(["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(version), .. ShopOnAFleet, .. more]);

    /// <summary>
    /// Runs <paramref name="release"/> (a ./build.sh run) while customers browse every host's public port (4 connections
    /// each), and half a second after it; returns the run and what the customers saw, summed over the hosts.
    /// </summary>
    public async Task<(ProcessRun Run, long Requests, long Failures, IReadOnlyList<string> FailureSamples)> UnderCustomerLoadAsync(Func<ProcessRun> release)
    {
        var customers = Fleet.Hosts.Select(host => new CustomerLoad(Url(host.Index), 4, http => http.GetAsync(""))).ToList();
        ProcessRun run;
        try
        {
            run = release();
            await Task.Delay(500);
        }
        finally
        {
            foreach (var load in customers)
                await load.DisposeAsync();
        }
        return (run, customers.Sum(c => c.Requests), customers.Sum(c => c.Failures), customers.SelectMany(c => c.FailureSamples).ToList());
    }

    /// <summary>The version host <paramref name="index"/> answers on its public port, or why it did not.</summary>
    public async Task<string> VersionAsync(int index)
    {
        try
        {
            using var body = JsonDocument.Parse(await http.GetStringAsync(new Uri(Url(index), "version")));
            return body.RootElement.GetProperty("version").GetString()!;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"(no answer: {e.Message})";
        }
    }

    /// <summary>What every host answers, in host order.</summary>
    public async Task<string[]> VersionsAsync() =>
        await Task.WhenAll(Fleet.Hosts.Select(host => VersionAsync(host.Index)));

    /// <summary>The environment's audit records, oldest first.</summary>
    public IReadOnlyList<FleetAuditRecord> Audit() =>
        File.Exists(AuditFile) ? File.ReadAllLines(AuditFile).Where(l => l.Length > 0).Select(FleetAuditRecord.Parse).ToList() : [];

    public void Dispose()
    {
        http.Dispose();
        Build("--target=Down", "--force-unlock");
        Wipe();
    }

    private void Wipe()
    {
        var state = Path.Combine(Repository, ".deploy", Name);
        if (Directory.Exists(state))
            Directory.Delete(state, recursive: true);
        if (File.Exists(AuditFile))
            File.Delete(AuditFile);
        // The trail's anchor goes with it: a new trail beside an old anchor would start broken.
        if (File.Exists(global::Deploy.Recipes.Audit.AuditAnchor.PathOf(AuditFile)))
            File.Delete(global::Deploy.Recipes.Audit.AuditAnchor.PathOf(AuditFile));
    }
}
