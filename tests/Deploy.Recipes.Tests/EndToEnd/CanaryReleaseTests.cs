using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// <c>--strategy=canary</c> on the local target through build.sh: real edge, shop processes and customer traffic on
/// loopback, judged by the edge analysis provider. Steps and intervals are short to keep the suite's time small.
/// </summary>
public sealed class CanaryReleaseTests
{
    private static readonly string[] Quick = ["--strategy=canary", "--analysis-interval=1", "--max-step-extension=3s", "--watch-time=0"];

    [Test]
    public async Task A_good_release_gets_each_step_share_of_customers_within_3_points_and_reaches_100_percent_with_no_failed_request()
    {
        using var env = StableV1();

        ProcessRun canary;
        await using (var customers = new CanaryServedShares(env.Url, 8))
        {
            // A canary process started seconds ago answers its first requests JIT-cold, and this machine is shared: the
            // latency limits are widened so the test judges shares and errors, which is what it is about.
            canary = env.Build([.. DeployV2, .. Quick, "--canary-steps=10%:20s,50%:20s", "--min-requests=100", "--max-latency-ratio=4", "--latency-tolerance=300ms"]);
            await Task.Delay(500);
            Assert.That(canary.ExitCode, Is.EqualTo(0), canary.All);
            Assert.That(customers.Failures, Is.Empty, string.Join("; ", customers.Failures.Take(10)));

            var audit = Audit(env);
            var steps = audit.Where(r => Step(r) is "Deploy/canary-step" or "Deploy/promote" && Outcome(r) == "succeeded").Select(r => (Step: Step(r), At: r.GetProperty("timeUtc").GetDateTimeOffset())).ToList();
            Assert.That(steps.Select(s => s.Step), Is.EqualTo(new[] { "Deploy/canary-step", "Deploy/canary-step", "Deploy/promote" }), canary.Out);
            var canarySlot = JsonDocument.Parse(File.ReadAllText(Path.Combine(env.State, "releases.json"))).RootElement.EnumerateArray().Last().GetProperty("slot").GetString()!;
            foreach (var (weight, index) in new[] { (10, 0), (50, 1) })
            {
                // The first second after a change is left out: requests already in flight were routed by the old weights.
                var (all, byCanary) = customers.Between(steps[index].At.AddSeconds(1), steps[index + 1].At, canarySlot);
                var share = 100.0 * byCanary / all;
                TestContext.Out.WriteLine($"step {weight}%: {byCanary} of {all} responses from the canary = {share:0.00}%");
                Assert.That(all, Is.GreaterThan(200), $"step {weight}% saw enough traffic to measure a share");
                Assert.That(share, Is.EqualTo(weight).Within(3), $"share at step {weight}%");
            }
        }

        Assert.That(canary.Out, Does.Contain("Release 2.0.0 is live (promoted from canary)"));
        Assert.That(await env.VersionAsync(), Is.EqualTo(PackagedReleases.V2));
        var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(env.State, "releases.json"))).RootElement.EnumerateArray().ToList();
        Assert.That(history.Select(r => r.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "superseded", "live" }));
        Assert.That(history[^1].GetProperty("canary").GetProperty("state").GetString(), Is.EqualTo("done"));
    }

    [Test]
    public async Task The_payment_timeout_release_is_aborted_at_once_at_its_first_step_quoting_both_error_rates()
    {
        using var env = StableV1();

        ProcessRun canary;
        await using (new CanaryServedShares(env.Url, 6, (http, cancel) => http.PostAsync("api/checkout", new StringContent("""{"productId":1,"quantity":1}""", System.Text.Encoding.UTF8, "application/json"), cancel)))
        {
            canary = env.Build([.. DeployV2, .. Quick, "--canary-steps=10%:20s,50%:20s", "--min-requests=10",
                "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Payment__LatencyMs=600;Shop__PaymentTimeoutMs=500"]);
        }

        Assert.That(canary.ExitCode, Is.Not.EqualTo(0), canary.All);
        Assert.That(canary.Error, Does.Contain("Canary 2.0.0 failed at 10%").And.Contain("It was aborted at once: every customer is back on the stable release 1.0.0"));
        Assert.That(canary.Error, Does.Match(@"canary [0-9,]+ requests, [0-9.]+% 5xx.*stable [0-9,]+ requests, [0-9.]+% 5xx"), "the verdict quotes both sides' error rates");
        Assert.That(await env.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
        using var status = JsonDocument.Parse(env.Build("--target=Status", "--format=json", "--verbosity=quiet").Out);
        Assert.That(status.RootElement.GetProperty("slots").EnumerateArray().Where(s => s.GetProperty("weight").GetInt32() > 0).Select(s => s.GetProperty("version").GetString()),
            Is.EqualTo(new[] { PackagedReleases.V1 }), "every customer is on the stable release");
        var history = status.RootElement.GetProperty("releases");
        Assert.That(history[0].GetProperty("outcome").GetString(), Is.EqualTo("aborted"));
        Assert.That(history[0].GetProperty("canary").GetProperty("stepIndex").GetInt32(), Is.EqualTo(0), "aborted at the first step");
        Assert.That(history[1].GetProperty("outcome").GetString(), Is.EqualTo("live"));
    }

    [Test]
    public async Task A_manual_step_pauses_the_deploy_then_status_shows_it_promote_takes_the_next_step_and_abort_goes_back_gradually_under_load()
    {
        using var env = StableV1();

        await using (var customers = new CanaryServedShares(env.Url, 6))
        {
            var paused = env.Build([.. DeployV2, .. Quick, "--canary-steps=10%:manual,40%:manual", "--min-requests=5", .. WideLatency]);
            Assert.That(paused.ExitCode, Is.EqualTo(0), paused.All);
            Assert.That(paused.Out, Does.Contain("paused at 10% (step 1): run --target=Promote or --target=Abort"));

            var status = env.Build("--target=Status");
            Assert.That(status.Out, Does.Contain("Canary       2.0.0").And.Contain("paused at 10% (step 1)"));
            using (var json = JsonDocument.Parse(env.Build("--target=Status", "--format=json", "--verbosity=quiet").Out))
                Assert.That(json.RootElement.GetProperty("canary").GetProperty("canary").GetProperty("weight").GetInt32(), Is.EqualTo(10));

            var deploy = env.Build([.. DeployV2, .. Quick]);
            Assert.That(deploy.ExitCode, Is.Not.EqualTo(0), "no second deploy over a paused canary");
            Assert.That(deploy.Error, Does.Contain("Deploy refused").And.Contain("--target=Promote"));

            var promote = env.Build(["--target=Promote", "--analysis-interval=1", "--min-requests=5", .. WideLatency]);
            Assert.That(promote.ExitCode, Is.EqualTo(0), promote.All);
            Assert.That(promote.Out, Does.Contain("paused at 40% (step 2)"));

            var abort = env.Build("--target=Abort", "--abort-steps=halve:1s");
            Assert.That(abort.ExitCode, Is.EqualTo(0), abort.All);
            Assert.That(abort.Out, Does.Contain("traffic back through 20%, 10%, 5%, 2%, 1%, 0%").And.Contain("Canary 2.0.0 aborted"));
            await Task.Delay(500);
            Assert.That(customers.Failures, Is.Empty, string.Join("; ", customers.Failures.Take(10)));
            Assert.That(customers.Requests, Is.GreaterThan(100));
        }

        Assert.That(await env.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
        var again = env.Build("--target=Abort");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.All);
        Assert.That(again.Out, Does.Contain("No canary is in progress in 'staging': nothing to abort."));
        var steps = Audit(env).Where(r => Step(r) == "Abort/abort-step" && Outcome(r) == "succeeded").Select(r => r.GetProperty("message").GetString()).ToList();
        Assert.That(steps, Has.Count.EqualTo(6), "each weight on the way back is audited");
        Assert.That(Audit(env).Any(r => Step(r) == "Abort/aborted" && r.GetProperty("message").GetString()!.StartsWith("aborted by ")));
    }

    [Test]
    public void A_step_with_no_traffic_pauses_with_on_inconclusive_pause_and_aborts_with_fail()
    {
        using var env = StableV1();

        var paused = env.Build([.. DeployV2, .. Quick, "--canary-steps=10%:2s", "--max-step-extension=2s"]);
        Assert.That(paused.ExitCode, Is.EqualTo(0), paused.All);
        Assert.That(paused.Out, Does.Contain("too little traffic to judge").And.Contain("paused at 10% (step 1): run --target=Promote or --target=Abort"));
        var instant = env.Build("--target=Abort", "--instant");
        Assert.That(instant.ExitCode, Is.EqualTo(0), instant.All);
        Assert.That(instant.Out, Does.Contain("all traffic back at once (--instant)"));

        var failed = env.Build([.. DeployV2, .. Quick, "--canary-steps=10%:2s", "--max-step-extension=2s", "--on-inconclusive=fail"]);
        Assert.That(failed.ExitCode, Is.Not.EqualTo(0), failed.All);
        Assert.That(failed.Error, Does.Contain("failed by on-inconclusive=fail").And.Contain("It was aborted at once"));
    }

    // A canary started seconds ago answers its first requests JIT-cold on a shared machine; tests about steps, shares
    // and errors widen the latency limits so a cold start does not decide them.
    private static readonly string[] WideLatency = ["--max-latency-ratio=4", "--latency-tolerance=300ms"];

    private static readonly string[] DeployV2 = ["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2)];

    private static TestEnvironment StableV1()
    {
        PackagedReleases.Ensure();
        var env = new TestEnvironment("staging");
        var v1 = env.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=0", "--skip-verification", "--watch-time=0");
        Assert.That(v1.ExitCode, Is.EqualTo(0), v1.All);
        return env;
    }

    private static List<JsonElement> Audit(TestEnvironment env) => File.ReadAllLines(env.AuditFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static string? Step(JsonElement record) => record.GetProperty("step").GetString();

    private static string? Outcome(JsonElement record) => record.GetProperty("outcome").GetString();
}
