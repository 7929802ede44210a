using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>
/// The post-promotion watch end to end on the local target (real build.sh, edge and shop processes): a release that
/// passes its post-switch check and degrades 30 s after it started (Shop__FailAfterSeconds=30) is switched back
/// during the watch while customers keep coming. One deploy serves every check.
/// </summary>
public sealed class PromotionWatchEndToEndTests
{
    [Test]
    public async Task A_release_that_degrades_after_promotion_is_switched_back_during_the_watch_and_the_audit_and_status_say_so()
    {
        PackagedReleases.Ensure();
        using var staging = new TestEnvironment("staging");
        var v1 = staging.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=1");
        Assert.That(v1.ExitCode, Is.EqualTo(0), v1.All);

        ProcessRun degrading;
        var sawWatching = "";
        await using (var customers = new CustomerLoad(staging.Url, 4, http => http.GetAsync("")))
        {
            var deploy = staging.BuildInBackground("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--verify-time=2",
                "--watch-time=45s", "--analysis-interval=2s",
                "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Shop__FailAfterSeconds=30");
            while (!deploy.IsCompleted && sawWatching.Length == 0)
            {
                var status = staging.Build("--target=Status", "--verbosity=quiet");
                // The release's own line: the audit's "Deploy/watch started" line ("2.0.0-<digest> … watching until") can
                // come first, written a moment before the history records the watch.
                sawWatching = status.Out.Split('\n').FirstOrDefault(l => l.Contains("2.0.0 watching until", StringComparison.Ordinal)) ?? "";
                await Task.Delay(1000);
            }

            degrading = await deploy;
            await Task.Delay(1000);
            TestContext.Out.WriteLine($"customer requests: {customers.Requests}, failed: {customers.Failures} (the 500s between degrading and the switch back)");
        }

        TestContext.Out.WriteLine(degrading.Error.Trim());
        Assert.That(degrading.ExitCode, Is.Not.EqualTo(0), degrading.All);
        Assert.That(degrading.Error, Does.Contain("Release 2.0.0 failed its post-promotion watch").And.Contain("5xx").And.Contain("Traffic is back on 1.0.0"));
        Assert.That(degrading.Out, Does.Contain("Release 2.0.0 is live"), "the release passed its post-switch check first");
        Assert.That(sawWatching, Does.Contain("2.0.0 watching until"), "Status showed the watch while it ran");
        for (var i = 0; i < 5; i++)
            Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V1), "customers end on the previous release");

        var steps = File.ReadAllLines(staging.AuditFile).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => $"{r.GetProperty("step").GetString()}:{r.GetProperty("outcome").GetString()}").ToList();
        Assert.That(steps, Is.SupersetOf(new[] { "Deploy/watch:started", "Deploy/watch/analysis:fail", "Deploy/watch:failed", "Deploy/watch-switch-back:succeeded", "Deploy:failed" }));
        Assert.That(steps.IndexOf("Deploy/watch:failed"), Is.LessThan(steps.IndexOf("Deploy/watch-switch-back:succeeded")), "the verdict is audited before the switch back");

        var after = staging.Build("--target=Status");
        Assert.That(after.ExitCode, Is.EqualTo(0), after.All);
        Assert.That(after.Out, Does.Match(@"1\.0\.0\s+live .*switched back to after the watch of 2\.0\.0 failed"));
        Assert.That(after.Out, Does.Match(@"2\.0\.0\s+failed .*post-promotion watch failed: .*5xx"));
        Assert.That(after.Out, Does.Not.Contain("watching until"));
    }
}
