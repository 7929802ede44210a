using System.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Targets;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// The check a warm rollback target gets before customers are switched to it: readiness and the smoke checks through
/// the operator route, against a real edge with the sample shop warm (weight 0) in one slot.
/// </summary>
public sealed class WarmSlotCheckTests
{
    private static readonly ReleaseHealth Health = ReleaseHealth.From("/health/ready", ["/health/ready", "/version", "/"]);
    private static readonly ExpectedRelease Warm = new("1.0.0", "r-1.0.0");
    private EdgeUnderTest _edge = null!;
    private EdgeClient _client = null!;
    private int _warmPid;

    [OneTimeSetUp]
    public async Task StartEdgeWithAWarmSlot()
    {
        _edge = await EdgeUnderTest.StartAsync();
        _warmPid = (await _edge.StartRunningSlotAsync("green", "1.0.0")).Pid!.Value;
        _client = new EdgeClient(_edge.Endpoint, _edge.Token);
    }

    [OneTimeTearDown]
    public async Task EndEdgeAndSlots()
    {
        _client?.Dispose();
        if (_edge != null)
            await _edge.DisposeAsync();
    }

    [Test]
    public async Task A_healthy_warm_release_passes_readiness_and_every_smoke_check()
    {
        var passed = await WarmSlotCheck.RunAsync(_client, "green", Warm, Health);

        Assert.That(passed, Does.Match(@"^ready and 3 smoke check\(s\) passed in \d+ ms$"));
    }

    [Test]
    public async Task A_hung_warm_release_fails_the_check_instead_of_getting_customers()
    {
        Signal(_warmPid, "STOP");
        try
        {
            var failed = Assert.ThrowsAsync<ReleaseCheckFailedException>(() => WarmSlotCheck.RunAsync(_client, "green", Warm, Health));

            Assert.That(failed!.Message, Does.Contain("The warm release in slot green did not answer GET /health/ready within 1 s"));
        }
        finally
        {
            Signal(_warmPid, "CONT");
        }

        Assert.That(await WarmSlotCheck.RunAsync(_client, "green", Warm, Health), Does.StartWith("ready"), "it recovers once it runs again");
    }

    [Test]
    public void A_warm_slot_running_another_version_than_the_target_fails_the_smoke_checks()
    {
        var failed = Assert.ThrowsAsync<ReleaseCheckFailedException>(() => WarmSlotCheck.RunAsync(_client, "green", new ExpectedRelease("2.0.0", "r-2.0.0"), Health));

        Assert.That(failed!.Message, Does.Contain("was answered by version '1.0.0', not the release's version '2.0.0'"));
    }

    [Test]
    public void A_warm_slot_running_another_release_fails_the_smoke_checks_by_the_edge_release_header_even_with_the_same_version()
    {
        var failed = Assert.ThrowsAsync<ReleaseCheckFailedException>(() => WarmSlotCheck.RunAsync(_client, "green", Warm with { ReleaseId = "r-other" }, Health));

        Assert.That(failed!.Message, Does.Contain("was answered by release 'r-1.0.0', not 'r-other' (X-Deploy-Release)"));
    }

    [Test]
    public void A_release_that_answers_404_on_its_ready_path_fails_fast_with_the_fix_instead_of_waiting_for_the_timeout()
    {
        var failed = Assert.ThrowsAsync<ReleaseCheckFailedException>(() => ReadinessWait.WaitAsync(_client, "green", "/no-health-here", TimeSpan.FromMinutes(5)));

        Assert.That(failed!.Message, Does.Contain("answers 404 Not Found on its ready path /no-health-here")
            .And.Contain("app.MapHealthChecks(\"/no-health-here\");").And.Contain("builder.Services.AddHealthChecks();")
            .And.Contain("set ready-path to a path the app already answers"));
    }

    [Test]
    public async Task Smoke_checks_see_redirects_and_statuses_as_the_app_sent_them()
    {
        var health = ReleaseHealth.From("/health/ready", ["/no-such-page=404", "/health/ready=200"]);

        var passed = await WarmSlotCheck.RunAsync(_client, "green", Warm, health);

        Assert.That(passed, Does.StartWith("ready and 2 smoke check(s) passed"));
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
    }
}
