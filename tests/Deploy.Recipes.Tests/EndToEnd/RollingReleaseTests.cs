using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary><c>--strategy=rolling</c> on the local target: one host, so one wave, released and rolled back as blue-green does.</summary>
public sealed class RollingReleaseTests
{
    [Test]
    public async Task Rolling_on_the_local_target_deploys_and_rolls_back_like_blue_green()
    {
        PackagedReleases.Ensure();
        using var staging = new TestEnvironment("staging");

        var v1 = staging.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--strategy=rolling", "--wave-verify-time=1");
        Assert.That(v1.ExitCode, Is.EqualTo(0), v1.All);
        var v2 = staging.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--strategy=rolling", "--batch-size=50%", "--wave-verify-time=1");
        Assert.That(v2.ExitCode, Is.EqualTo(0), v2.All);
        Assert.That(v2.Out, Does.Contain("Switched traffic to 2.0.0").And.Contain("Release 2.0.0 passed verification").And.Contain($"Release 2.0.0 is live: {staging.Url}"));
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V2));

        var rollback = staging.Build("--target=Rollback");

        Assert.That(rollback.ExitCode, Is.EqualTo(0), rollback.All);
        Assert.That(rollback.Out, Does.Contain("Rolled back 'staging' from 2.0.0 to 1.0.0 (it was warm)"));
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
        var audit = File.ReadAllLines(staging.AuditFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var verified = audit.Where(r => r.GetProperty("step").GetString() == "Deploy/verify" && r.GetProperty("outcome").GetString() == "succeeded").ToList();
        Assert.That(verified, Has.Count.EqualTo(2), "each release's one wave was verified");
        Assert.That(verified.Select(r => r.GetProperty("host").GetString()), Is.All.EqualTo("local"), "per-host steps name the host");
    }
}
