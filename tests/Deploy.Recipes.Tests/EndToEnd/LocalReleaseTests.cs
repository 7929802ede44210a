using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>The main job on the embedded default: real build.sh, edge and shop processes on free loopback ports.</summary>
public sealed partial class LocalReleaseTests
{
    [Test]
    public async Task Deploy_then_deploy_again_under_load_then_rollback_then_down()
    {
        using var local = new TestEnvironment("local");

        var first = local.Build("--target=Deploy", "--app-version=1.0.0", "--verify-time=1");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.All);
        Assert.That(first.Out, Does.Contain("Passed!"), "the full Deploy runs the app's tests");
        Assert.That(first.Out, Does.Contain($"Release 1.0.0 is live: {local.Url}"));
        Assert.That(await local.VersionAsync(), Is.EqualTo("1.0.0"));
        // The plan's "what changed", told before Migrate touched the database and carried by the started event.
        Assert.That(first.Out, Does.Contain("What changed: first release (nothing is live in the environment)."));
        Assert.That(first.Out, Does.Match(@"Migrations pending: [1-9]\d*: "), "a database that does not exist has every migration pending");
        var steps = File.ReadLines(local.AuditFile).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var planned = steps.FindIndex(r => r.GetProperty("step").GetString() == "Changes");
        Assert.That(planned, Is.GreaterThanOrEqualTo(0).And.LessThan(steps.FindIndex(r => r.GetProperty("step").GetString() == "Migrate")));
        var started = steps.Single(r => r.GetProperty("step").GetString() == "Release/started");
        Assert.That(started.GetProperty("inputs").GetProperty("changes").GetString(),
            Is.EqualTo(steps[planned].GetProperty("inputs").GetProperty("changes").GetString()));

        // Deploying the live release again changes nothing, and nobody is told a release started.
        var again = local.Build("--target=Deploy", "--exclusive", "--verify-time=1");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.All);
        Assert.That(again.Out, Does.Contain("is already live"), again.All);
        Assert.That(File.ReadLines(local.AuditFile).Count(line => JsonDocument.Parse(line).RootElement.GetProperty("step").GetString() == "Release/started"), Is.EqualTo(1));

        ProcessRun second;
        await using (var customers = new CustomerLoad(local.Url, 8, http => http.GetAsync("")))
        {
            second = local.Build("--target=Deploy", "--app-version=2", "--verify-time=2");
            await Task.Delay(500);
            Assert.That(customers.Failures, Is.EqualTo(0), string.Join("; ", customers.FailureSamples));
            Assert.That(customers.Requests, Is.GreaterThan(100));
        }

        Assert.That(second.ExitCode, Is.EqualTo(0), second.All);
        Assert.That(await local.VersionAsync(), Is.EqualTo("2"));
        // Same commit, same settings: the history kept 1.0.0's commit and setting fingerprints for this comparison.
        Assert.That(second.Out, Does.Contain("What changed since the live release 1.0.0-"));
        Assert.That(second.Out, Does.Contain("Commits: none"));
        Assert.That(second.Out, Does.Contain("App settings (keys only): no change"));
        Assert.That(second.Out, Does.Contain("Migrations pending: none"));

        var clock = Stopwatch.StartNew();
        var rollback = local.Build("--target=Rollback");
        clock.Stop();
        Assert.That(rollback.ExitCode, Is.EqualTo(0), rollback.All);
        Assert.That(await local.VersionAsync(), Is.EqualTo("1.0.0"));
        Assert.That(File.ReadAllText(Path.ChangeExtension(Report.ReleaseReportChecks.HtmlOf(local, "1.0.0"), ".md")), Does.StartWith("## Release 1.0.0 in local: rolled-back"), "Rollback writes its report");
        var switchMs = double.Parse(SwitchTime().Match(rollback.Out).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(switchMs, Is.LessThan(1000), rollback.Out);
        TestContext.Out.WriteLine($"rollback: traffic switched in {switchMs} ms; ./build.sh --target=Rollback took {clock.ElapsedMilliseconds} ms");

        var status = local.Build("--target=Status", "--format=json", "--verbosity=quiet");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.All);
        using (var json = JsonDocument.Parse(status.Out))
        {
            var slots = json.RootElement.GetProperty("slots").EnumerateArray().ToList();
            Assert.That(slots.Single(s => s.GetProperty("weight").GetInt32() == 100).GetProperty("version").GetString(), Is.EqualTo("1.0.0"));
            Assert.That(json.RootElement.GetProperty("releases")[0].GetProperty("outcome").GetString(), Is.EqualTo("live"));
        }

        var pids = local.SlotPids().Append(local.EdgePid()!.Value).ToList();
        var down = local.Build("--target=Down");
        Assert.That(down.ExitCode, Is.EqualTo(0), down.All);
        Assert.That(pids.Where(TestEnvironment.IsRunning), Is.Empty, "Down leaves no process");
        Assert.ThrowsAsync<HttpRequestException>(() => local.Http.GetAsync(""));
    }

    [Test]
    public async Task A_release_that_fails_checkouts_after_the_switch_is_switched_back_by_itself_and_the_audit_shows_every_step()
    {
        PackagedReleases.Ensure();
        using var staging = new TestEnvironment("staging");
        var v1 = staging.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=1");
        Assert.That(v1.ExitCode, Is.EqualTo(0), v1.All);

        ProcessRun faulty;
        await using (new CustomerLoad(staging.Url, 4, http => http.PostAsync("api/checkout", JsonContent("""{"productId":1,"quantity":1}"""))))
        {
            faulty = staging.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--verify-time=8",
                "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Payment__LatencyMs=800;Shop__PaymentTimeoutMs=100");
        }

        Assert.That(faulty.ExitCode, Is.Not.EqualTo(0));
        Assert.That(faulty.Error, Does.Contain("Release 2.0.0 failed its post-switch check").And.Contain("5xx").And.Contain("Traffic is back on 1.0.0"));
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
        var audit = File.ReadAllLines(staging.AuditFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var steps = audit.Select(r => $"{r.GetProperty("step").GetString()}:{r.GetProperty("outcome").GetString()}").ToList();
        Assert.That(steps, Is.SupersetOf(new[]
        {
            "Deploy:started", "Deploy/install:succeeded", "Deploy/edge:succeeded", "release/start:succeeded", "release/ready:succeeded",
            "release/smoke:succeeded", "Deploy/switch:succeeded", "Deploy/verify:failed", "Deploy/automatic-rollback:succeeded", "Deploy:failed",
        }));
        var auditText = File.ReadAllText(staging.AuditFile);
        Assert.That(auditText, Does.Contain("Payment__LatencyMs=***").And.Not.Contain("=800"), "app setting values never reach the audit");
        await Report.ReleaseReportChecks.FailedReleaseAsync(staging, PackagedReleases.V2);
    }

    [Test]
    public async Task Maintenance_mode_answers_customers_503_with_retry_after_while_health_checks_pass()
    {
        PackagedReleases.Ensure();
        using var production = new TestEnvironment("production");
        Assert.That(production.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=0", "--skip-verification").ExitCode, Is.EqualTo(0));

        var on = production.Build("--target=MaintenanceOn", "--retry-after=120", "--maintenance-message=<h1>Back at noon</h1>");
        using var customer = await production.Http.GetAsync("");
        using var health = await production.Http.GetAsync("health/live");
        var off = production.Build("--target=MaintenanceOff");
        using var after = await production.Http.GetAsync("");

        Assert.That(on.ExitCode, Is.EqualTo(0), on.All);
        Assert.That(customer.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(customer.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(await customer.Content.ReadAsStringAsync(), Does.Contain("<h1>Back at noon</h1>"));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(off.ExitCode, Is.EqualTo(0), off.All);
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [GeneratedRegex(@"traffic switched in ([0-9.]+) ms")]
    private static partial Regex SwitchTime();
}
