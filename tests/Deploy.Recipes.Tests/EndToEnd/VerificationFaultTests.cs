using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// The post-switch gate and interrupted deploys, through real build.sh runs against one environment whose live
/// release is 1.0.0; every test leaves 1.0.0 live.
/// </summary>
public sealed class VerificationFaultTests
{
    private const string ShopSettings = "ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false";
    private TestEnvironment _production = null!;

    [OneTimeSetUp]
    public void DeployFirstReleaseUnverified()
    {
        PackagedReleases.Ensure();
        _production = new TestEnvironment("production");
        var deploy = _production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=0", "--skip-verification");
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
        Assert.That(deploy.All, Does.Contain("verification skipped"));
        Assert.That(AuditSteps(0), Does.Contain("Deploy/verify:skipped"), "the audit says the release went live unverified");
    }

    [OneTimeTearDown]
    public void TakeDown() => _production.Dispose();

    [TearDown]
    public async Task TheFirstReleaseIsStillLive() =>
        Assert.That(await _production.VersionAsync(), Is.EqualTo(PackagedReleases.V1), "customers must still get 1.0.0");

    [Test]
    public void A_verify_time_of_zero_is_refused_before_any_task_runs()
    {
        var audited = AuditLines();

        var run = _production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--verify-time=0");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("Setting 'verify-time' is 0 s").And.Contain("--skip-verification"));
        Assert.That(AuditLines(), Is.EqualTo(audited), "nothing ran, so nothing was audited");
        Assert.That(File.Exists(Path.Combine(_production.State, "deploy.lock")), Is.False);
    }

    [Test]
    public async Task A_release_whose_checkout_hangs_is_switched_back_while_customers_wait()
    {
        var audited = AuditLines();
        ProcessRun hung;
        // The payment provider answers after 30 s and the shop would wait 60 s: every checkout on 2.0.0 hangs.
        await using (new CustomerLoad(_production.Url, 4, http => http.PostAsync("api/checkout", Json("""{"productId":1,"quantity":1}"""))))
        {
            hung = _production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--verify-time=10",
                "--drain-timeout=1", $"--app-settings={ShopSettings};Payment__LatencyMs=30000;Shop__PaymentTimeoutMs=60000");
        }

        Assert.That(hung.ExitCode, Is.Not.EqualTo(0));
        Assert.That(hung.Error, Does.Contain("Release 2.0.0 failed its post-switch check")
            .And.Match(@"[1-9][0-9]* of [1-9][0-9]* customer requests failed")
            .And.Match(@"[1-9][0-9]* in flight longer than 5 s")
            .And.Contain("Traffic is back on 1.0.0"));
        Assert.That(LastRecordOf(PackagedReleases.V2).GetProperty("outcome").GetString(), Is.EqualTo("failed"));
        Assert.That(AuditSteps(audited), Is.SupersetOf(new[] { "Deploy/switch:succeeded", "Deploy/verify:failed", "Deploy/automatic-rollback:succeeded" }));
    }

    [Test]
    public async Task Sigterm_during_verification_puts_the_previous_release_back_and_records_the_deploy_as_cancelled()
    {
        var audited = AuditLines();
        using var run = new SignalledRun(RepositoryCopy.Path, [
            "--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--verify-time=300",
            $"--environment={_production.Name}", $"--public-port={_production.Port}",
        ]);
        await WaitUntil(() => AuditSteps(audited).Contains("Deploy/verify:started") || run.HasExited, TimeSpan.FromMinutes(3));
        Assert.That(await _production.VersionAsync(), Is.EqualTo(PackagedReleases.V2), "verification runs with 2.0.0 live");

        run.Signal("TERM");
        var ended = run.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.That(ended.ExitCode, Is.Not.EqualTo(0));
        Assert.That(ended.Error, Does.Contain("Deploy of 2.0.0 cancelled by SIGTERM before verification passed").And.Contain("Traffic is back on 1.0.0"));
        Assert.That(await _production.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
        Assert.That(LastRecordOf(PackagedReleases.V2).GetProperty("outcome").GetString(), Is.EqualTo("cancelled"));
        Assert.That(LastRecordOf(PackagedReleases.V1).GetProperty("outcome").GetString(), Is.EqualTo("live"));
        Assert.That(File.Exists(Path.Combine(_production.State, "deploy.lock")), Is.False, "the lock is released");
        Assert.That(AuditSteps(audited), Is.SupersetOf(new[] { "Deploy/verify:failed", "Deploy/cancel-switch-back:succeeded", "Deploy/cancel:cancelled", "Deploy:failed" }));
    }

    private int AuditLines() => File.Exists(_production.AuditFile) ? File.ReadAllLines(_production.AuditFile).Length : 0;

    private List<string> AuditSteps(int skip) =>
        File.ReadAllLines(_production.AuditFile).Skip(skip)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(r => $"{r.GetProperty("step").GetString()}:{r.GetProperty("outcome").GetString()}")
            .ToList();

    private JsonElement LastRecordOf(string version)
    {
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(_production.State, "releases.json")));
        return history.RootElement.EnumerateArray().Last(r => r.GetProperty("version").GetString() == version).Clone();
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"not reached within {timeout}");
            await Task.Delay(100);
        }
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
