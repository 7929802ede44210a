using System.Diagnostics;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// Rollback through ./build.sh as an operator runs it: cold (the previous release no longer runs), warm with its
/// checks, --to by version, --to a failed release only with --force, and after a Deploy killed by SIGKILL.
/// </summary>
public sealed class RollbackTests
{
    [Test]
    public async Task Cold_rollback_then_to_by_version_then_a_failed_release_only_with_force()
    {
        PackagedReleases.Ensure();
        using var staging = new TestEnvironment("staging");
        Assert.That(staging.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=1").ExitCode, Is.EqualTo(0));
        var upgrade = staging.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--verify-time=1", "--bake-time=0");
        Assert.That(upgrade.ExitCode, Is.EqualTo(0), upgrade.All);
        await WaitUntilOnlyOneSlotRuns(staging);

        var cold = staging.Build("--target=Rollback");

        Assert.That(cold.ExitCode, Is.EqualTo(0), cold.All);
        Assert.That(cold.Out, Does.Contain("Release 1.0.0 is not warm; starting it from .deploy/releases").And.Contain("Smoke checks passed").And.Contain("(cold start)"));
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V1));

        var forward = staging.Build("--target=Rollback", $"--to={PackagedReleases.V2}");

        Assert.That(forward.ExitCode, Is.EqualTo(0), forward.All);
        Assert.That(forward.Out, Does.Match(@"Warm release 2\.0\.0 in slot \w+: ready and 3 smoke check\(s\) passed in \d+ ms").And.Contain("(it was warm)"));
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V2));

        var failed = staging.Build("--target=Deploy", "--exclusive", PackagedReleases.Artifacts(PackagedReleases.V1), "--ready-timeout=3",
            "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Shop__StartupDelaySeconds=600");
        Assert.That(failed.ExitCode, Is.Not.EqualTo(0), "1.0.0 never gets ready with that setting: its record is now 'failed'");

        var refused = staging.Build("--target=Rollback", $"--to={PackagedReleases.V1}");

        Assert.That(refused.ExitCode, Is.Not.EqualTo(0));
        Assert.That(refused.Error, Does.Contain("release 1.0.0").And.Contain("is recorded 'failed' in 'staging'").And.Contain("--force"));
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V2), "nothing changed");

        var forced = staging.Build("--target=Rollback", $"--to={PackagedReleases.V1}", "--force");

        Assert.That(forced.ExitCode, Is.EqualTo(0), forced.All);
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
        Assert.That(History(staging).Select(r => $"{r.Version}:{r.Outcome}"), Is.EqualTo(new[]
        {
            "1.0.0:superseded", "2.0.0:rolled-back", "1.0.0:rolled-back", "2.0.0:rolled-back", "1.0.0:failed", "1.0.0:live",
        }));
    }

    [Test]
    public async Task After_a_deploy_killed_during_verification_the_next_run_reconciles_with_the_live_slot_and_rolls_back_from_it()
    {
        PackagedReleases.Ensure();
        using var production = new TestEnvironment("production");
        Assert.That(production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=1").ExitCode, Is.EqualTo(0));

        var start = new ProcessStartInfo(Path.Combine(RepositoryCopy.Path, "build.sh")) { WorkingDirectory = RepositoryCopy.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--verify-time=60", "--environment=production", $"--public-port={production.Port}" })
            start.ArgumentList.Add(argument);
        var earlier = File.ReadAllLines(production.AuditFile).Length; // the first deploy's own switch is in the trail too
        using (var deploy = Process.Start(start)!)
        {
            _ = deploy.StandardOutput.ReadToEndAsync();
            _ = deploy.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!File.ReadAllLines(production.AuditFile).Skip(earlier).Any(l => l.Contains("\"step\":\"Deploy/switch\",\"outcome\":\"succeeded\"")) && DateTime.UtcNow < deadline && !deploy.HasExited)
                await Task.Delay(50);
            Assert.That(deploy.HasExited, Is.False, "the deploy must be verifying when it is killed");
            deploy.Kill(); // SIGKILL: no clean-up, history left at "deploying"
            await deploy.WaitForExitAsync();
        }

        Assert.That(await production.VersionAsync(), Is.EqualTo(PackagedReleases.V2), "the killed deploy had switched");
        Assert.That(History(production).Select(r => r.Outcome), Is.EqualTo(new[] { "live", "deploying" }));

        var status = production.Build("--target=Status");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.All);
        Assert.That(status.All, Does.Contain("shown corrected, not written: a run holds the lock"));
        Assert.That(status.Out, Does.Match(@"2\.0\.0\s+live"));

        var rollback = production.Build("--target=Rollback", "--force-unlock");

        Assert.That(rollback.ExitCode, Is.EqualTo(0), rollback.All);
        Assert.That(rollback.All, Does.Contain("Reconciled the history of 'production' with what its edge serves: 2.0.0")
            .And.Contain("was recorded 'deploying' but it serves customers").And.Contain("1.0.0"));
        Assert.That(rollback.Out, Does.Contain("Rolled back 'production' from 2.0.0 to 1.0.0 (it was warm)"));
        Assert.That(await production.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
        Assert.That(History(production).Select(r => $"{r.Version}:{r.Outcome}"), Is.EqualTo(new[] { "1.0.0:superseded", "2.0.0:rolled-back", "1.0.0:live" }));
        Assert.That(File.ReadAllText(production.AuditFile), Does.Contain("\"step\":\"reconcile\",\"outcome\":\"corrected\""));
    }

    private static List<(string Version, string Outcome)> History(TestEnvironment environment)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(environment.State, "releases.json")));
        return json.RootElement.EnumerateArray().Select(r => (r.GetProperty("version").GetString()!, r.GetProperty("outcome").GetString()!)).ToList();
    }

    /// <summary>With --bake-time=0 the edge drains and stops the previous release right after the switch.</summary>
    private static async Task WaitUntilOnlyOneSlotRuns(TestEnvironment environment)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var status = environment.Build("--target=Status", "--format=json", "--verbosity=quiet");
            using var json = JsonDocument.Parse(status.Out);
            if (json.RootElement.GetProperty("slots").EnumerateArray().Count(s => s.GetProperty("status").GetString() != "empty") == 1)
                return;
            await Task.Delay(500);
        }

        Assert.Fail("the previous release was not stopped after --bake-time=0");
    }
}
