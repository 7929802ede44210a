using System.Text.Json;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>Real processes race for one environment's lock, started at the same moment: exactly one may win.</summary>
public sealed class DeploymentLockRaceTests
{
    private static readonly bool[] HalfWithForceUnlock = [false, true, false, true, false, true];
    private static readonly bool[] AllWithForceUnlock = [true, true, true, true, true, true];

    [Test]
    public void Of_runs_started_at_once_on_a_free_environment_exactly_one_takes_the_lock()
    {
        using var folder = new TemporaryFolder();
        using var contenders = new LockContenders(folder.Path, HalfWithForceUnlock);

        contenders.StartTogether();
        var holders = contenders.Holders();

        Assert.That(holders, Has.Count.EqualTo(1), contenders.Output());
        Assert.That(contenders.LoserExitCodes(), Has.All.Not.EqualTo(0), contenders.Output());
        Assert.That(Lock(folder).Pid, Is.EqualTo(holders[0]));
        Assert.That(contenders.Output(), Does.Contain("The environment is locked by another run"));
        contenders.Release();
        Assert.That(File.Exists(LockPath(folder)), Is.False, "the winner released its lock");
    }

    [Test]
    public void Of_force_unlock_runs_started_at_once_against_a_stale_lock_exactly_one_breaks_it_and_takes_it()
    {
        for (var round = 0; round < 2; round++)
        {
            using var folder = new TemporaryFolder();
            Directory.CreateDirectory(Path.GetDirectoryName(LockPath(folder))!);
            // This test's PID with another start time: a run that was killed, its PID since reused.
            File.WriteAllText(LockPath(folder), JsonSerializer.Serialize(
                new LockHolder(Environment.ProcessId, 1, "killed-run", Environment.MachineName, "Deploy", DateTimeOffset.UtcNow.AddHours(-1))));
            using var contenders = new LockContenders(folder.Path, AllWithForceUnlock);

            contenders.StartTogether();
            var holders = contenders.Holders();

            Assert.That(holders, Has.Count.EqualTo(1), $"round {round}:\n{contenders.Output()}");
            Assert.That(contenders.LoserExitCodes(), Has.All.Not.EqualTo(0), contenders.Output());
            Assert.That(Lock(folder).Pid, Is.EqualTo(holders[0]), "the lock file names the one holder");
            Assert.That(contenders.Output(), Does.Contain("Breaking the deployment lock left by killed-run"));
            contenders.Release();
        }
    }

    private static string LockPath(TemporaryFolder folder) => folder.Combine("state", "local", "deploy.lock");

    private static LockHolder Lock(TemporaryFolder folder) => JsonSerializer.Deserialize<LockHolder>(File.ReadAllText(LockPath(folder)))!;
}
