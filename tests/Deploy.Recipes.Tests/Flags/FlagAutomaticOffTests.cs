using Deploy.Recipes.Tests.Support;
using NUnit.Framework;
using static Deploy.Recipes.Tests.Flags.FlagRollout;

namespace Deploy.Recipes.Tests.Flags;

/// <summary>
/// A flagged feature that is broken (Shop__FlaggedFeatureFails=true): turning it on for half the users raises the live
/// release's error rate, and the analysis that follows the change turns the flag off by itself.
/// </summary>
[NonParallelizable]
public sealed class FlagAutomaticOffTests
{
    private TestEnvironment _environment = null!;

    [OneTimeSetUp]
    public void DeployAShopWhoseFlaggedFeatureFails()
    {
        PackagedReleases.Ensure();
        _environment = new TestEnvironment("staging");
        var deploy = _environment.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=0", "--skip-verification",
            "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Shop__FlaggedFeatureFails=true");
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
    }

    [OneTimeTearDown]
    public void TakeDown() => _environment.Dispose();

    [Test]
    public async Task On_for_half_the_users_the_failing_feature_is_turned_off_by_the_analysis()
    {
        ProcessRun run;
        await using (var customers = Customers(_environment))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            run = _environment.Build(["--target=Flag", $"--flag={Flag}", "--percent=50", .. ShortAnalysis]);
        }

        Assert.That(run.ExitCode, Is.Not.EqualTo(0), run.All);
        Assert.That(run.Error, Does.Contain($"Flag {Flag} was turned off automatically after it went on for 50% of users").And.Contain("the analysis failed").And.Contain("5xx"));
        for (var i = 0; i < 50; i++)
            Assert.That(await IsOnForAsync(_environment.Http, $"user-{i:0000}"), Is.False, "the flag is off for everyone again");
        var audit = AuditMessages(_environment);
        Assert.That(audit, Has.Some.StartsWith("flag/automatic-off succeeded"));
        Assert.That(audit, Has.Some.Contains($"automatic: {Flag}: on for 50% of users -> off"));
    }
}
