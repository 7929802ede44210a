using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// Bad input and faults: each gets a clear error and a non-zero exit, and leaves traffic and state as they were.
/// One live environment (release 1.0.0) is shared; every test checks it still serves 1.0.0 afterwards.
/// </summary>
public sealed class LocalReleaseFaultTests
{
    private TestEnvironment _production = null!;

    [OneTimeSetUp]
    public void DeployFirstRelease()
    {
        PackagedReleases.Ensure();
        _production = new TestEnvironment("production");
        var deploy = _production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=0", "--skip-verification");
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
    }

    [OneTimeTearDown]
    public void TakeDown() => _production.Dispose();

    [TearDown]
    public async Task TrafficAndHistoryAreUnchanged()
    {
        Assert.That(await _production.VersionAsync(), Is.EqualTo(PackagedReleases.V1), "customers must still get the live release");
        var history = File.ReadAllText(Path.Combine(_production.State, "releases.json"));
        Assert.That(history, Does.Contain("\"live\""));
    }

    [Test]
    public void An_unknown_environment_is_refused_naming_the_defined_ones()
    {
        var run = ProcessRun.Start(Path.Combine(RepositoryCopy.Path, "build.sh"), ["--target=Deploy", "--prebuilt", "--environment=prod"], RepositoryCopy.Path);

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("Environment 'prod' is not defined. Defined environments: local, production, staging"));
        Assert.That(Directory.Exists(Path.Combine(RepositoryCopy.Path, ".deploy", "prod")), Is.False);
    }

    [Test]
    public void An_unknown_strategy_is_refused_naming_the_valid_ones()
    {
        var run = _production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--strategy=big-bang");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("Setting 'strategy' from --strategy: 'big-bang' is not valid; valid values: blue-green"));
    }

    [Test]
    public void A_missing_artifact_is_refused_before_anything_changes()
    {
        var run = _production.Build("--target=Deploy", "--prebuilt", "--artifacts=artifacts/never-packaged");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("There is no release artifact").And.Contain("Run --target=Package first"));
    }

    [Test]
    public void A_public_port_in_use_is_refused_naming_it()
    {
        using var other = new TestEnvironment("staging");
        using var squatter = new TcpListener(IPAddress.Loopback, other.Port);
        squatter.Start();

        var run = other.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1));

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain($"Public port {other.Port} on 127.0.0.1 is in use by another process"));
        Assert.That(other.EdgePid(), Is.Null);
    }

    [Test]
    public void An_app_that_never_gets_ready_is_stopped_and_its_log_is_quoted()
    {
        // --exclusive: straight to the slot (the schema is already in place), past Validate's own trial run.
        var run = _production.Build("--target=Deploy", "--exclusive", PackagedReleases.Artifacts(PackagedReleases.V2), "--ready-timeout=3",
            "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Shop__StartupDelaySeconds=600");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("Release 2.0.0 did not go live; customers stayed on 1.0.0").And.Contain("was not ready within 3 s").And.Contain("Last lines of its log"));
    }

    [Test]
    public void An_edge_that_does_not_answer_stops_the_deploy_with_nothing_changed()
    {
        var edge = Process.GetProcessById(_production.EdgePid()!.Value);
        Signal(edge.Id, "STOP");
        ProcessRun run;
        try
        {
            run = _production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2));
        }
        finally
        {
            Signal(edge.Id, "CONT");
        }

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("did not answer"));
    }

    [Test]
    public void A_corrupt_release_history_stops_the_deploy_naming_the_file()
    {
        var file = Path.Combine(_production.State, "releases.json");
        var good = File.ReadAllText(file);
        File.WriteAllText(file, "{ this is not json");
        ProcessRun run;
        try
        {
            run = _production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2));
        }
        finally
        {
            File.WriteAllText(file, good);
        }

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain($"The release history {file} is corrupt").And.Contain("Nothing was changed"));
    }

    [Test]
    public async Task A_second_concurrent_deploy_fails_at_once_naming_the_holder()
    {
        var slow = _production.BuildInBackground("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2),
            "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Shop__StartupDelaySeconds=600", "--ready-timeout=6");
        var lockFile = Path.Combine(_production.State, "deploy.lock");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(lockFile) && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        var second = _production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2));
        var first = await slow;

        Assert.That(second.ExitCode, Is.Not.EqualTo(0));
        Assert.That(second.Error, Does.Contain("The environment is locked by another run").And.Contain("running Deploy"));
        Assert.That(first.ExitCode, Is.Not.EqualTo(0), "the first deploy's release never got ready");
        Assert.That(File.Exists(lockFile), Is.False, "the lock is released when the run ends");
    }

    [Test]
    public void A_lock_left_by_a_killed_run_is_recognised_and_broken_only_with_force_unlock()
    {
        var lockFile = Path.Combine(_production.State, "deploy.lock");
        // Taken on this machine: a lock from another host is never judged by its PID.
        File.WriteAllText(lockFile, $$"""{"Pid":999999,"PidStartTicks":1,"Actor":"ci","Host":"{{Environment.MachineName}}","Targets":"Deploy","SinceUtc":"2026-01-01T00:00:00+00:00"}""");

        var refused = _production.Build("--target=MaintenanceOff");
        var forced = _production.Build("--target=MaintenanceOff", "--force-unlock");

        Assert.That(refused.ExitCode, Is.Not.EqualTo(0));
        Assert.That(refused.Error, Does.Contain("locked by a run that is gone").And.Contain("PID 999999").And.Contain("--force-unlock"));
        Assert.That(forced.ExitCode, Is.EqualTo(0), forced.All);
        Assert.That(forced.All, Does.Contain("Breaking the deployment lock"));
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
    }
}
