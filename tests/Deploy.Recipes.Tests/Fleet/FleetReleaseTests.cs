using System.Runtime.Versioning;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Fleet;

/// <summary>
/// The acceptance on three "servers" (real sshd on 127.0.0.20-22, each its own user, home and host key),
/// through ./build.sh as a user runs it: releases reach every host, a rolling release under load fails no request,
/// a host lost mid-rollout sends the switched hosts back, a changed host key stops the run before anything changes,
/// and a blue-green release one host cannot prove switches no host. Servers start once for the fixture; each test
/// first brings the fleet to a known release and ends with the fleet uniform again.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class FleetReleaseTests
{
    private const int FirstAddress = 20;
    private const string V1 = PackagedReleases.V1;
    private const string V2 = PackagedReleases.V2;
    private LoopbackFleet fleet = null!;
    private FleetEnvironment production = null!;

    [OneTimeSetUp]
    public void StartFleet()
    {
        PackagedReleases.Ensure();
        fleet = LoopbackFleet.Start(3, FirstAddress);
        production = new FleetEnvironment(fleet);
    }

    [OneTimeTearDown]
    public void EndFleet()
    {
        production?.Dispose();
        fleet?.Dispose();
    }

    [Test]
    public async Task Deploy_puts_the_shop_on_every_host_and_a_rolling_release_under_load_fails_no_request()
    {
        var before = await Live(V1);
        var after = before == V1 ? V2 : V1;
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { before, before, before }), "each host's public port answers with the release");

        var started = DateTimeOffset.UtcNow;
        var (rolling, requests, failures, samples) = await production.UnderCustomerLoadAsync(
            () => production.Deploy(after, "--strategy=rolling", "--batch-size=1", "--wave-verify-time=2"));

        Assert.That(rolling.ExitCode, Is.EqualTo(0), rolling.All);
        Assert.That(requests, Is.GreaterThan(0));
        Assert.That(failures, Is.EqualTo(0), "failed requests: " + string.Join("; ", samples));
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { after, after, after }));
        var switches = production.Audit().Where(r => r.Step == "Deploy/switch" && r.Outcome == "succeeded" && r.Release?.StartsWith(after) == true && r.Time >= started)
            .Select(r => r.Host).ToList();
        Assert.That(switches, Is.EqualTo(fleet.Hosts.Select(h => h.Target)), "one wave per host, in host order");

        var status = production.Build("--target=Status");

        Assert.That(status.ExitCode, Is.EqualTo(0), status.All);
        Assert.That(status.Out, Does.Contain($"all 3 hosts serve {after}"), status.Out);
        foreach (var host in fleet.Hosts)
            Assert.That(status.Out.Split('\n').Single(l => l.TrimStart().StartsWith(host.Target, StringComparison.Ordinal)), Does.Contain(after), status.Out);
    }

    [Test]
    public async Task A_host_whose_sshd_stops_mid_rollout_fails_the_rollout_naming_it_the_switched_hosts_go_back_and_the_next_run_cleans_up()
    {
        var before = await Live(V1);
        var after = before == V1 ? V2 : V1;
        var started = DateTimeOffset.UtcNow;

        var rollout = Task.Run(() => production.Deploy(after, "--strategy=rolling", "--batch-size=1", "--wave-verify-time=5"));
        // The first wave has switched: the last host's sshd goes away (its open sessions drop), as when a server is lost.
        await WaitForAudit(r => r.Step == "Deploy/switch" && r.Outcome == "succeeded" && r.Host == fleet[0].Target && r.Time >= started, rollout);
        fleet.StopHost(2);
        ProcessRun failed;
        try
        {
            failed = await rollout;
        }
        finally
        {
            fleet.StartHost(2);
        }

        Assert.That(failed.ExitCode, Is.Not.EqualTo(0), failed.All);
        Assert.That(failed.All, Does.Contain(fleet[2].Target), "the command names the host it lost");
        Assert.That(failed.All, Does.Contain($"Host {fleet[2].Target} could not be reached to release this run's deploy lock"), "the lock left behind is said, with what to do");
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { before, before, before }),
            "the hosts already switched went back; the lost host never switched (its edge kept serving)");

        // The lost host still holds the failed run's host lock (it could not be released while sshd was down): the
        // next run stops there, changing nothing, and says how to go on; with --force-unlock it cleans up and finishes.
        var refused = production.Deploy(after, "--strategy=rolling", "--batch-size=1", "--wave-verify-time=1");

        Assert.That(refused.ExitCode, Is.Not.EqualTo(0), refused.All);
        Assert.That(refused.All, Does.Contain($"Host {fleet[2].Target} is locked by a run that is gone").And.Contain("--force-unlock"), refused.All);
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { before, before, before }));

        var next = production.Deploy(after, "--strategy=rolling", "--batch-size=1", "--wave-verify-time=1", "--force-unlock");

        Assert.That(next.ExitCode, Is.EqualTo(0), "the next run cleans up what the lost run left and finishes:\n" + next.All);
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { after, after, after }));
        var status = production.Build("--target=Status");
        Assert.That(status.Out, Does.Contain($"all 3 hosts serve {after}"), status.All);
    }

    [Test]
    public async Task A_host_whose_key_changed_is_refused_with_its_fingerprint_before_anything_changes()
    {
        var before = await Live(V1);
        var after = before == V1 ? V2 : V1;
        var knownHosts = File.ReadAllText(fleet.KnownHosts);
        var auditBefore = production.Audit().Count;
        fleet.ChangeHostKey(1);
        try
        {
            var refused = production.Deploy(after);

            Assert.That(refused.ExitCode, Is.Not.EqualTo(0), refused.All);
            Assert.That(refused.All, Does.Contain(fleet[1].HostKeyFingerprint), "the new key's fingerprint is printed");
            Assert.That(refused.All, Does.Contain(fleet[1].Address.ToString()), "the host is named");
            Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { before, before, before }));
            var changes = production.Audit().Skip(auditBefore).Where(r => r.Host != null && r.Step.Contains('/')).Select(r => $"{r.Host} {r.Step}").ToList();
            Assert.That(changes, Is.Empty, "no host was touched");
            Assert.That(File.ReadAllText(fleet.KnownHosts), Is.EqualTo(knownHosts), "a changed key is never recorded");

            var trusting = production.Deploy(after, "--trust-new-hosts");

            Assert.That(trusting.ExitCode, Is.Not.EqualTo(0), "--trust-new-hosts records new hosts, never changed keys:\n" + trusting.All);
            Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { before, before, before }));
        }
        finally
        {
            // The operator checked the new key out of band and recorded it.
            fleet.WriteKnownHosts();
        }
    }

    [Test]
    public async Task Blue_green_where_one_host_cannot_prove_the_release_switches_no_host()
    {
        var before = await Live(V1);
        var after = before == V1 ? V2 : V1;
        // Host 1's shop database becomes a folder: a new release there cannot open it and never gets ready, while the
        // live release keeps the file it opened.
        var started = DateTimeOffset.UtcNow;
        var database = Path.Combine(production.DataDirectory(1), "shop.db");
        Assert.That(File.Exists(database), Is.True, $"{database}: where the shop keeps its orders on host 1");
        File.Move(database, database + ".aside");
        Directory.CreateDirectory(database);
        ProcessRun refused;
        try
        {
            refused = production.Deploy(after, "--strategy=blue-green", "--verify-time=1");
        }
        finally
        {
            Directory.Delete(database);
            File.Move(database + ".aside", database);
        }

        Assert.That(refused.ExitCode, Is.Not.EqualTo(0), refused.All);
        Assert.That(refused.All, Does.Contain(fleet[1].Target), "the host that could not prove the release is named");
        Assert.That(refused.All, Does.Contain("  | ").And.Not.Contain("no log was written"), "the failing release's log, on its host, is quoted through the edge");
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { before, before, before }), "no host switched");
        Assert.That(production.Audit().Where(r => r.Step == "Deploy/switch" && r.Release?.StartsWith(after) == true && r.Outcome == "succeeded" && r.Time >= started),
            Is.Empty);
    }

    /// <summary>
    /// Brings the fleet to a uniform release: <paramref name="wanted"/> when nothing (or a mix) is live, else what is
    /// live already. Returns the version live on every host.
    /// </summary>
    private async Task<string> Live(string wanted)
    {
        var versions = await production.VersionsAsync();
        if (versions.Distinct().Count() == 1 && versions[0] is V1 or V2)
            return versions[0];
        var deploy = production.Deploy(wanted);
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { wanted, wanted, wanted }));
        return wanted;
    }

    private async Task WaitForAudit(Func<FleetAuditRecord, bool> seen, Task<ProcessRun> run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (!production.Audit().Any(seen))
        {
            if (run.IsCompleted)
                Assert.Fail("The rollout ended before the moment the test waits for:\n" + (await run).All);
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The rollout did not reach the moment the test waits for within 4 minutes.");
            await Task.Delay(100);
        }
    }
}
