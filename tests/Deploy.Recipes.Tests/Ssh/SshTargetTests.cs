using System.Runtime.Versioning;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;
using Deploy.Recipes.Targets.Ssh;
using Deploy.Recipes.Tests.Edge;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>
/// The SSH target against two real OpenSSH servers on 127.0.0.40 and 127.0.0.41 (the loopback fleet): host keys,
/// the runtime check, uploads by digest, the edge started over SSH, the per-host lock. The fixture places the sample
/// shop on both hosts once and serves it; the tests look at what that left and try what must be refused.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class SshTargetTests
{
    private const int FirstAddress = 40;
    private const string Version = "7.1.0";
    private LoopbackFleet fleet = null!;
    private TemporaryFolder repository = null!;
    private string artifact = null!;
    private int publicPort;
    private string releaseId = null!;
    private (int Exit, CapturingConsole Console) firstPlacement;

    [OneTimeSetUp]
    public async Task PlaceTheShopOnTwoHosts()
    {
        fleet = LoopbackFleet.Start(2, FirstAddress);
        repository = new TemporaryFolder("deploy-ssh-target-");
        publicPort = EdgeUnderTest.FreePort();
        artifact = MakeArtifact(repository.Combine("shop-artifact"), SampleShop.Directory, "Shop");

        firstPlacement = Run("FleetChange", async context =>
        {
            await using var target = new SshTarget(context);
            var hosts = await target.OpenAsync(EdgeDemand.Start, CancellationToken.None);
            var release = target.Store.Install(artifact);
            releaseId = release.Id;
            foreach (var host in hosts.Cast<SshTargetHost>())
            {
                var placed = await host.PlaceAsync(release, CancellationToken.None);
                await host.Client!.StartSlotAsync("blue", new StartSlot(placed.Id, Version, placed.AppDirectory, placed.EntryAssembly, new Dictionary<string, string>
                {
                    ["Shop__Version"] = Version,
                    ["ConnectionStrings__Shop"] = $"Data Source={host.DataDirectory}/shop.db",
                }));
                await WaitUntilRunningAsync(host, "blue");
                await host.Client.SetTrafficAsync(new Dictionary<string, int> { ["blue"] = 100, ["green"] = 0 });
            }
        });
        Assert.That(firstPlacement.Exit, Is.Zero, firstPlacement.Console.All);
        await Task.CompletedTask;
    }

    [OneTimeTearDown]
    public void RemoveFleet()
    {
        fleet?.Dispose();
        repository?.Dispose();
    }

    [Test]
    public async Task The_edge_started_over_SSH_serves_the_release_on_each_hosts_address_after_the_session_closed_even_with_sshd_stopped()
    {
        fleet.StopHost(1);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var host in fleet.Hosts)
            {
                var body = await http.GetStringAsync($"http://{host.Address}:{publicPort}/version");
                Assert.That(body, Does.Contain(Version), host.Target);
            }

            Assert.That(firstPlacement.Console.All, Does.Contain("detached with setsid: the host runs no systemd"));
        }
        finally
        {
            fleet.StartHost(1);
        }
    }

    [Test]
    public void A_host_that_holds_the_release_is_sent_nothing_the_second_time()
    {
        var folder = Path.Combine(fleet[0].Home, ".deploy", "releases", releaseId);
        var placedAt = Directory.GetLastWriteTimeUtc(folder);
        var uploads = new List<int>();

        var second = Run("FleetChange", async context =>
        {
            await using var target = new SshTarget(context);
            var hosts = await target.OpenAsync(EdgeDemand.Running, CancellationToken.None);
            var release = target.Store.Install(artifact);
            foreach (var host in hosts.Cast<SshTargetHost>())
            {
                await host.PlaceAsync(release, CancellationToken.None);
                uploads.Add(host.Uploads);
            }

            Assert.That(target.ArchivesMade, Is.Zero, "no archive was even made");
        });

        Assert.That(second.Exit, Is.Zero, second.Console.All);
        Assert.That(firstPlacement.Console.All, Does.Contain($"Host {fleet[0].Target}: uploaded release {releaseId}").And.Contain($"Host {fleet[1].Target}: uploaded release {releaseId}"));
        Assert.That(second.Console.All, Does.Contain($"Host {fleet[0].Target}: already holds release {releaseId} (same digest); nothing uploaded.")
            .And.Contain($"Host {fleet[1].Target}: already holds release {releaseId}").And.Not.Contain("uploaded release"));
        Assert.That(uploads, Is.EqualTo(new[] { 0, 0 }));
        Assert.That(Directory.GetLastWriteTimeUtc(folder), Is.EqualTo(placedAt));
    }

    [Test]
    public void An_unknown_host_key_is_refused_with_its_fingerprint_and_nothing_changes()
    {
        var knownHosts = repository.Combine("empty_known_hosts");
        File.WriteAllText(knownHosts, "");
        var before = Snapshot();

        var run = Run("FleetChange", async context =>
        {
            await using var target = new SshTarget(context);
            await target.OpenAsync(EdgeDemand.Start, CancellationToken.None);
        }, knownHosts);

        Assert.That(run.Exit, Is.Not.Zero);
        Assert.That(run.Console.All, Does.Contain($"Host {fleet[0].Target} is not in {knownHosts}").And.Contain(fleet[0].HostKeyFingerprint)
            .And.Contain(fleet[1].HostKeyFingerprint).And.Contain("--trust-new-hosts").And.Contain("Nothing was changed on any host"));
        Assert.That(File.ReadAllText(knownHosts), Is.Empty);
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void Trust_new_hosts_records_unknown_keys_and_the_next_run_knows_them()
    {
        var knownHosts = repository.Combine("trusting_known_hosts");
        File.WriteAllText(knownHosts, "");

        var trusting = Run("FleetLook", async context =>
        {
            await using var target = new SshTarget(context);
            await target.CheckCanServeAsync(CancellationToken.None);
        }, knownHosts, "--trust-new-hosts");
        var next = Run("FleetLook", async context =>
        {
            await using var target = new SshTarget(context);
            await target.CheckCanServeAsync(CancellationToken.None);
        }, knownHosts);

        Assert.That(trusting.Exit, Is.Zero, trusting.Console.All);
        Assert.That(trusting.Console.All, Does.Contain($"Recorded the ssh-ed25519 key {fleet[0].HostKeyFingerprint} of {fleet[0].Target}"));
        var check = ProcessRun.Start("ssh-keygen", ["-F", $"[{fleet[1].Address}]:{fleet[1].Port}", "-f", knownHosts], repository.Path);
        Assert.That(check.ExitCode, Is.Zero, check.All);
        Assert.That(next.Exit, Is.Zero, next.Console.All);
    }

    [Test]
    public void A_changed_host_key_is_refused_even_with_trust_new_hosts_and_nothing_changes()
    {
        var knownHosts = repository.Combine("changed_known_hosts");
        var otherKey = repository.Combine("other_host_key");
        Assert.That(ProcessRun.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey], repository.Path).ExitCode, Is.Zero);
        var other = File.ReadAllText(otherKey + ".pub").Split(' ');
        File.WriteAllText(knownHosts, $"{fleet[0].KnownHostsLine}\n[{fleet[1].Address}]:{fleet[1].Port} {other[0]} {other[1]}\n");
        var knownBefore = File.ReadAllText(knownHosts);
        var before = Snapshot();

        var run = Run("FleetChange", async context =>
        {
            await using var target = new SshTarget(context);
            await target.OpenAsync(EdgeDemand.Start, CancellationToken.None);
        }, knownHosts, "--trust-new-hosts");

        Assert.That(run.Exit, Is.Not.Zero);
        Assert.That(run.Console.All, Does.Contain($"The host key of {fleet[1].Target} has CHANGED").And.Contain(fleet[1].HostKeyFingerprint)
            .And.Contain("--trust-new-hosts never records a changed key").And.Contain("ssh-keygen -R"));
        Assert.That(File.ReadAllText(knownHosts), Is.EqualTo(knownBefore));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void A_host_without_the_runtime_the_release_needs_is_refused_naming_the_host_before_anything_changes()
    {
        var future = repository.Combine("future", "release");
        Directory.CreateDirectory(Path.Combine(future, "app"));
        File.WriteAllText(Path.Combine(future, "app", "Future.runtimeconfig.json"),
            """{"runtimeOptions":{"frameworks":[{"name":"Microsoft.NETCore.App","version":"99.0.0"},{"name":"Microsoft.AspNetCore.App","version":"99.0.0"}]}}""");
        new ReleaseManifest("Future", "9.9.9", null, DateTimeOffset.UtcNow, "Release", 1, new string('0', 64)).Save(Path.Combine(future, ReleaseManifest.FileName));
        var before = Snapshot();

        var run = Run("FleetChange", async context =>
        {
            await using var target = new SshTarget(context);
            await target.OpenAsync(EdgeDemand.Start, CancellationToken.None);
        }, fleet.KnownHosts, "--artifacts=future");

        Assert.That(run.Exit, Is.Not.Zero);
        Assert.That(run.Console.All, Does.Contain($"Host {fleet[0].Target} cannot run the release").And.Contain("Microsoft.AspNetCore.App 99.0.0 (for release 9.9.9")
            .And.Contain($"Host {fleet[1].Target} cannot run the release").And.Contain("Install the ASP.NET Core 99 runtime"));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public void Status_never_judges_the_hosts_runtime_against_whatever_the_artifacts_folder_holds()
    {
        var future = repository.Combine("future-look", "release");
        Directory.CreateDirectory(Path.Combine(future, "app"));
        File.WriteAllText(Path.Combine(future, "app", "Future.runtimeconfig.json"),
            """{"runtimeOptions":{"frameworks":[{"name":"Microsoft.AspNetCore.App","version":"99.0.0"}]}}""");
        new ReleaseManifest("Future", "9.9.9", null, DateTimeOffset.UtcNow, "Release", 1, new string('0', 64)).Save(Path.Combine(future, ReleaseManifest.FileName));
        var opened = 0;

        var run = Run("FleetLook", async context =>
        {
            await using var target = new SshTarget(context);
            opened = (await target.OpenAsync(EdgeDemand.IfRunning, CancellationToken.None)).Count;
        }, fleet.KnownHosts, "--artifacts=future-look");

        Assert.That(run.Exit, Is.Zero, run.Console.All);
        Assert.That(opened, Is.EqualTo(2));
    }

    [Test]
    public void A_host_locked_by_a_deploy_from_another_machine_refuses_this_one_until_force_unlock()
    {
        var lockFile = Path.Combine(fleet[1].Home, ".deploy", "host.lock");
        var holder = new LockHolder(4242, null, "ci-bot", "other-runner", "local from other-runner", DateTimeOffset.UtcNow);
        File.WriteAllText(lockFile, JsonSerializer.Serialize(holder));
        try
        {
            var refused = Run("FleetChange", async context =>
            {
                await using var target = new SshTarget(context);
                await target.OpenAsync(EdgeDemand.Running, CancellationToken.None);
            });
            var lockOfHost0 = File.Exists(Path.Combine(fleet[0].Home, ".deploy", "host.lock"));
            var forced = Run("FleetChange", async context =>
            {
                await using var target = new SshTarget(context);
                await target.OpenAsync(EdgeDemand.Running, CancellationToken.None);
            }, fleet.KnownHosts, "--force-unlock");

            Assert.That(refused.Exit, Is.Not.Zero);
            Assert.That(refused.Console.All, Does.Contain($"Host {fleet[1].Target} is being deployed by a run on another machine: ci-bot (PID 4242 on other-runner")
                .And.Contain("--force-unlock"));
            Assert.That(lockOfHost0, Is.False, "the lock this run took on the other host was given back");
            Assert.That(forced.Exit, Is.Zero, forced.Console.All);
            Assert.That(forced.Console.All, Does.Contain($"Breaking the deploy lock of host {fleet[1].Target} held by ci-bot"));
            Assert.That(File.Exists(lockFile), Is.False, "released at the end of the run");
        }
        finally
        {
            File.Delete(lockFile);
        }
    }

    [Test]
    public void A_run_holds_every_hosts_lock_while_it_works_and_gives_them_back()
    {
        var seen = new List<string?>();

        var run = Run("FleetChange", async context =>
        {
            await using var target = new SshTarget(context);
            await target.OpenAsync(EdgeDemand.Running, CancellationToken.None);
            seen.AddRange(fleet.Hosts.Select(h => File.Exists(Path.Combine(h.Home, ".deploy", "host.lock")) ? File.ReadAllText(Path.Combine(h.Home, ".deploy", "host.lock")) : null));
        });

        Assert.That(run.Exit, Is.Zero, run.Console.All);
        Assert.That(seen, Has.All.Contain($"\"Pid\":{Environment.ProcessId}"));
        Assert.That(fleet.Hosts.Select(h => File.Exists(Path.Combine(h.Home, ".deploy", "host.lock"))), Has.All.False);
    }

    private (int Exit, CapturingConsole Console) Run(string task, Func<DeployContext, Task> body, string? knownHosts = null, params string[] more) =>
        FleetTaskRun.Run(repository.Path, task, body,
        [
            $"--hosts={fleet.HostsSetting}", $"--ssh-key={fleet.ClientKey}", $"--known-hosts={knownHosts ?? fleet.KnownHosts}", $"--public-port={publicPort}",
            .. more,
        ]);

    // Every file and folder under the hosts' homes with its size and time: "nothing changed" made checkable. The
    // running edge's own folder (heartbeat) and the shop's data change by themselves and are left out.
    private List<string> Snapshot() =>
        fleet.Hosts.SelectMany(h => Directory.EnumerateFileSystemEntries(h.Home, "*", SearchOption.AllDirectories)
                .Where(p => !p.Contains("/.deploy/local/edge", StringComparison.Ordinal) && !p.Contains("/.deploy/local/data", StringComparison.Ordinal))
                .Select(p => $"{p} {(File.Exists(p) ? new FileInfo(p).Length : 0)} {File.GetLastWriteTimeUtc(p):O}"))
            .Order(StringComparer.Ordinal).ToList();

    internal static async Task WaitUntilRunningAsync(SshTargetHost host, string slot)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var state = (await host.Client!.StateAsync()).Slots.Single(s => s.Name == slot);
            if (state.Status == SlotStatus.Running)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{host.Name}: slot {slot} is {state.Status} (exit {state.ExitCode}, log {state.LogFile})");
            await Task.Delay(200);
        }
    }

    // A packaged artifact as the Package task writes it: app/ and release.json with the digest of every file.
    internal static string MakeArtifact(string folder, string built, string app)
    {
        var appFolder = Path.Combine(folder, "app");
        foreach (var file in Directory.GetFiles(built, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(appFolder, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var (files, sha256) = ReleaseManifest.Digest(appFolder);
        new ReleaseManifest(app, Version, null, DateTimeOffset.UtcNow, "Debug", files, sha256).Save(Path.Combine(folder, ReleaseManifest.FileName));
        return folder;
    }
}
