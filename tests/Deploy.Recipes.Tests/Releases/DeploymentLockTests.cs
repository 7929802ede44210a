using System.Text.Json;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>The lock file as one process sees it; the race between processes is in <see cref="DeploymentLockRaceTests"/>.</summary>
public sealed class DeploymentLockTests
{
    private static LockHolder Me() =>
        new(Environment.ProcessId, ProcessIdentity.StartTicks(Environment.ProcessId), "tester", Environment.MachineName, "Deploy", DateTimeOffset.UtcNow);

    private static LockHolder Holder(string host, long? startTicks) =>
        new(Environment.ProcessId, startTicks, "other", host, "Migrate", DateTimeOffset.UnixEpoch);

    private static string Acquire(string path, bool forceUnlock, List<string>? reports = null)
    {
        try
        {
            using var taken = DeploymentLock.Acquire(path, Me(), TimeSpan.Zero, forceUnlock, m => reports?.Add(m));
            return "taken";
        }
        catch (InvalidOperationException refused)
        {
            return refused.Message;
        }
    }

    [Test]
    public void An_empty_lock_file_is_never_broken_not_even_with_force_unlock()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Combine("deploy.lock");
        File.WriteAllText(path, "");

        var outcome = Acquire(path, forceUnlock: true);

        Assert.That(outcome, Does.Contain("is unreadable (empty or damaged)").And.Contain("never broken automatically"));
        Assert.That(File.ReadAllText(path), Is.Empty, "the file another run may be writing is left alone");
    }

    [Test]
    public void A_lock_from_another_host_is_reported_and_broken_only_with_force_unlock()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Combine("deploy.lock");
        // This test's own PID and start time: alive here, so only the host comparison can tell it apart.
        File.WriteAllText(path, JsonSerializer.Serialize(Holder("another-build-host", ProcessIdentity.StartTicks(Environment.ProcessId))));
        var reports = new List<string>();

        var without = Acquire(path, forceUnlock: false);
        var with = Acquire(path, forceUnlock: true, reports);

        Assert.That(without, Does.Contain("locked by a run on another host").And.Contain("on another-build-host").And.Contain("--force-unlock"));
        Assert.That(with, Is.EqualTo("taken"));
        Assert.That(reports.Single(), Does.Contain("Breaking the deployment lock held by other").And.Contain("on another host"));
    }

    [Test]
    public void A_lock_whose_process_is_gone_is_broken_only_with_force_unlock()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Combine("deploy.lock");
        // This PID with another start time: the process that took it is gone and the PID was reused.
        File.WriteAllText(path, JsonSerializer.Serialize(Holder(Environment.MachineName, startTicks: 1)));

        var without = Acquire(path, forceUnlock: false);
        var with = Acquire(path, forceUnlock: true);

        Assert.That(without, Does.Contain("locked by a run that is gone").And.Contain("--force-unlock"));
        Assert.That(with, Is.EqualTo("taken"));
    }

    [Test]
    public void Taking_the_lock_sweeps_temporary_files_left_by_a_run_killed_while_taking_or_breaking_it()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Combine("deploy.lock");
        File.WriteAllText(path + ".4242.0123abcd.tmp", "{\"Pid\":4242");
        File.WriteAllText(path + ".4242.0123abcd.broken", "{}");

        Assert.That(Acquire(path, forceUnlock: false), Is.EqualTo("taken"));

        Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "deploy.lock.guard" }));
    }

    [Test]
    public void The_lock_file_holds_the_whole_record_and_release_removes_only_its_own()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Combine("deploy.lock");
        var held = DeploymentLock.Acquire(path, Me(), TimeSpan.Zero, false, _ => { });
        var recorded = JsonSerializer.Deserialize<LockHolder>(File.ReadAllText(path))!;
        var someoneElse = JsonSerializer.Serialize(Holder("another-build-host", 7));
        File.WriteAllText(path, someoneElse); // e.g. broken with --force-unlock from another host and taken there

        held.Dispose();

        Assert.That(recorded.Pid, Is.EqualTo(Environment.ProcessId));
        Assert.That(File.ReadAllText(path), Is.EqualTo(someoneElse), "releasing never removes another run's lock");
        Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "deploy.lock", "deploy.lock.guard" }), "no temporary files are left");
    }
}
