using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deploy.Recipes.Tests.Report;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Notifications;

/// <summary>
/// Real ./build.sh Deploys told to loopback Slack, Teams, webhook and GitHub stand-ins, three Deploys in all:
/// 1.0.0 with Slack answering 500 and Teams hanging (a 2 s notify timeout); 2.0.0 failing checkouts under customer
/// load inside "GitHub Actions" (failed and switched back); 2.0.0 again, good (started and succeeded, the 1.0.0
/// deployment retired on GitHub). The failed release's report is checked with the report's own checks (Chromium).
/// </summary>
[NonParallelizable]
public sealed partial class NotifiedReleaseTests
{
    private const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string GitHubToken = "ghs_e2eLoopbackToken0123456789";
    private const string FaultySettings = "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Payment__LatencyMs=600;Shop__PaymentTimeoutMs=500";

    private TestEnvironment _production = null!;
    private LoopbackSlack _slack = null!;
    private LoopbackTeams _teams = null!;
    private LoopbackWebhook _webhook = null!;
    private LoopbackGitHub _github = null!;
    private LoopbackSlack _failingSlack = null!;
    private LoopbackTeams _hangingTeams = null!;
    private ProcessRun _degraded = null!;
    private ProcessRun _failed = null!;
    private ProcessRun _good = null!;
    private string _summaryFile = null!;
    private readonly Dictionary<string, (int Slack, int Teams, int Webhook, int GitHub)> _before = [];
    private string _head = "";
    private Exception? _reportProblem;

    [OneTimeSetUp]
    public async Task DeployThreeTimes()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        PackagedReleases.Ensure();
        _production = new TestEnvironment("production");
        _slack = new LoopbackSlack();
        _teams = new LoopbackTeams();
        _webhook = new LoopbackWebhook(WebhookSecret);
        _github = new LoopbackGitHub("octo", "shop", GitHubToken);
        _failingSlack = new LoopbackSlack { Mode = ReceiverMode.Fails };
        _hangingTeams = new LoopbackTeams { Mode = ReceiverMode.Hangs };
        _summaryFile = Path.Combine(Path.GetTempPath(), $"deploy-notify-summary-{Guid.NewGuid():N}.md");
        _head = ProcessRun.Start("git", ["rev-parse", "HEAD"], _production.Repository).Out.Trim();

        Mark("degraded");
        _degraded = Deploy(PackagedReleases.V1, [.. Channels(_failingSlack.HookUrl, _hangingTeams.HookUrl), "--notify-timeout=2s", "--verify-time=0", "--skip-verification"]);
        Assert.That(_degraded.ExitCode, Is.EqualTo(0), _degraded.All);

        Mark("failed");
        await using (new CustomerLoad(_production.Url, 4, http => http.PostAsync("api/checkout",
                         new StringContent("""{"productId":1,"quantity":1}""", System.Text.Encoding.UTF8, "application/json"))))
        {
            _failed = Deploy(PackagedReleases.V2, [.. Channels(_slack.HookUrl, _teams.HookUrl), "--verify-time=8", FaultySettings], new Dictionary<string, string>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_RUN_ID"] = "4242",
                ["GITHUB_REPOSITORY"] = "octo/shop",
                ["GITHUB_SERVER_URL"] = _github.Url.ToString().TrimEnd('/'),
                ["GITHUB_STEP_SUMMARY"] = _summaryFile,
            });
        }

        Assert.That(_failed.ExitCode, Is.Not.EqualTo(0), _failed.All);
        // Checked now: the good Deploy of the same version below writes its own report over this one.
        try
        {
            await ReleaseReportChecks.FailedReleaseAsync(_production, PackagedReleases.V2);
        }
        catch (Exception problem)
        {
            _reportProblem = problem;
        }

        Mark("good");
        _good = Deploy(PackagedReleases.V2, [.. Channels(_slack.HookUrl, _teams.HookUrl), "--verify-time=1"]);
        Assert.That(_good.ExitCode, Is.EqualTo(0), _good.All);
        Mark("end");
        TestContext.Progress.WriteLine($"NotifiedReleaseTests: three Deploys in {clock.Elapsed.TotalSeconds:0} s");
    }

    [OneTimeTearDown]
    public void TakeDown()
    {
        _production?.Dispose();
        foreach (var receiver in new LoopbackReceiver?[] { _slack, _teams, _webhook, _github, _failingSlack, _hangingTeams })
            receiver?.Dispose();
        if (File.Exists(_summaryFile))
            File.Delete(_summaryFile);
    }

    [Test]
    public void A_good_deploy_tells_every_channel_started_then_succeeded_with_what_changed()
    {
        var webhook = Between("good", "end", _webhook.Messages, b => b.Webhook);
        var slack = Between("good", "end", _slack.Messages, b => b.Slack);
        var teams = Between("good", "end", _teams.Messages, b => b.Teams);

        Assert.That(webhook.Select(m => m.GetProperty("event").GetString()), Is.EqualTo(new[] { "started", "succeeded" }));
        Assert.That(slack.Select(m => m.GetProperty("text").GetString()![..m.GetProperty("text").GetString()!.IndexOf(':')]),
            Is.EqualTo(new[] { "Release 2.0.0 started in production", "Release 2.0.0 is live in production" }));
        Assert.That(teams.Select(m => m.GetProperty("attachments")[0].GetProperty("content").GetProperty("body")[0].GetProperty("text").GetString()),
            Is.EqualTo(new[] { "Release 2.0.0 started in production", "Release 2.0.0 is live in production" }));

        var changes = webhook[0].GetProperty("changes");
        Assert.That(changes.GetProperty("digest").GetString(), Is.Not.Empty);
        Assert.That(changes.GetProperty("commits").GetProperty("to").GetString(), Is.EqualTo(_head));
        Assert.That(webhook[1].GetProperty("changes").GetProperty("digest").GetString(), Is.EqualTo(changes.GetProperty("digest").GetString()), "later events carry it too");
        Assert.That(slack[0].GetProperty("text").GetString(), Does.Contain("Commits: ").And.Contain("Migrations pending: ").And.Contain("App settings: "));
        Assert.That(teams[0].ToString(), Does.Contain("\"title\":\"Commits\""));
    }

    [Test]
    public void Every_webhook_delivery_verifies_with_the_receivers_own_code_and_has_its_own_id()
    {
        var deliveries = _webhook.Requests;

        Assert.That(deliveries, Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(deliveries.Select(_webhook.SignatureProblem).Where(p => p != null), Is.Empty);
        Assert.That(deliveries.Select(d => d.Header("webhook-id")).Distinct().Count(), Is.EqualTo(deliveries.Count));
    }

    [Test]
    public void GitHub_gets_each_deployment_and_its_statuses_in_order_and_the_replaced_one_goes_inactive()
    {
        var changes = _github.Changes.Select(c => DeploymentId().Replace(c, m => Name(long.Parse(m.Value)))).ToList();

        Assert.That(changes.Select(c => c.Split(':')[0].Replace(" ref=", "|").Split('|')[0]), Is.EqualTo(new[]
        {
            "create A", "status A in_progress", "status A success",
            "create B", "status B in_progress", "status B failure", "status A success",
            "create C", "status C in_progress", "status C success", "status A inactive",
        }), string.Join("\n", _github.Changes));
        Assert.That(changes[7], Does.Contain($"ref={_head}").And.Contain("env=production").And.Contain("auto_merge=false").And.Contain("required_contexts=[]"));
        Assert.That(changes[0], Does.Contain("release=1.0.0-"));
        Assert.That(changes[3], Does.Contain("release=2.0.0-"));
        Assert.That(_github.Requests.Where(r => r.Method == "GET").Select(r => r.Query), Has.All.Contain("environment=production"));
    }

    [Test]
    public void A_receiver_that_answers_500_and_one_that_hangs_cost_at_most_their_timeout_and_are_audited()
    {
        var audit = AuditOf("Deploy:started", "Release/started", "Deploy/edge");
        var notes = AuditRecords().Where(r => r.GetProperty("step").GetString()!.StartsWith("Notify/", StringComparison.Ordinal)).ToList();

        Assert.That(notes.Select(n => n.GetProperty("step").GetString()).Distinct(), Is.EquivalentTo(new[] { "Notify/slack", "Notify/teams" }));
        Assert.That(notes.Select(n => n.GetProperty("outcome").GetString()), Has.All.EqualTo("failed"));
        Assert.That(notes.Select(n => n.GetProperty("message").GetString()), Has.Some.Contain("answered 500").And.Some.Contain("no answer within 2 s"));
        foreach (var note in notes)
        {
            var seconds = double.Parse(Spent().Match(note.GetProperty("message").GetString()!).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.That(seconds, Is.LessThan(3.0), note.GetProperty("message").GetString());
        }

        // From the started event to the next step: the channels' time, bounded by the 2 s timeout (plus the audit's own writes).
        Assert.That(audit["Deploy/edge"] - audit["Release/started"], Is.LessThan(TimeSpan.FromSeconds(4)));
        Assert.That(_failingSlack.Requests, Has.Count.GreaterThanOrEqualTo(4), "a 500 is retried with backoff within the timeout");
        Assert.That(_hangingTeams.Requests, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(_degraded.All, Does.Contain("Notification: slack was not told 'started'"));
    }

    [Test]
    public void A_failed_release_tells_failure_and_switch_back_everywhere_with_the_reason()
    {
        var webhook = Between("failed", "good", _webhook.Messages, b => b.Webhook);
        var slack = Between("failed", "good", _slack.Messages, b => b.Slack);
        var teams = Between("failed", "good", _teams.Messages, b => b.Teams);

        Assert.That(webhook.Select(m => m.GetProperty("event").GetString()), Is.EqualTo(new[] { "started", "failed", "switched-back" }));
        Assert.That(webhook[1].GetProperty("reason").GetString(), Does.Contain("5xx"));
        Assert.That(webhook[1].GetProperty("urls").GetProperty("log").GetString(), Is.EqualTo($"{_github.Url.ToString().TrimEnd('/')}/octo/shop/actions/runs/4242"));
        Assert.That(slack, Has.Count.EqualTo(3));
        Assert.That(slack[1].GetProperty("text").GetString(), Does.StartWith("Release 2.0.0 failed in production"));
        Assert.That(slack[2].GetProperty("text").GetString(), Does.StartWith("production switched back after release 2.0.0 failed"));
        Assert.That(teams, Has.Count.EqualTo(3));
        Assert.That(webhook[0].GetProperty("changes").GetProperty("settingsAdded").ToString(), Does.Contain("Payment__LatencyMs"), "names only");
        var failure = _github.Deployments.Select(d => (long)d["id"]!).SelectMany(_github.StatusesOf).Single(s => (string?)s["state"] == "failure");
        Assert.That((string?)failure["description"], Does.Contain("5xx"));
        Assert.That((string?)failure["log_url"], Does.EndWith("/octo/shop/actions/runs/4242"));
    }

    [Test]
    public void In_github_actions_a_failed_release_writes_error_annotations()
    {
        Assert.That(_failed.Out, Does.Contain("::error title=Release 2.0.0 failed in production::Release 2.0.0 failed its post-switch check"));
        Assert.That(_failed.Out, Does.Contain("::error title=production switched back after release 2.0.0 failed::"));
        Assert.That(_good.All, Does.Not.Contain("::error"), "outside GitHub Actions there are no workflow commands");
    }

    [Test]
    public void The_failed_releases_report_shows_the_error_rate_rising_and_falling_back()
    {
        Assert.That(_reportProblem, Is.Null, _reportProblem?.ToString());
    }

    [Test]
    public void No_channel_url_secret_or_token_reaches_the_output_the_audit_or_the_report()
    {
        var audit = File.ReadAllText(_production.AuditFile);
        var reports = Directory.GetFiles(Path.Combine(_production.Repository, "artifacts"), $"release-report-{_production.Name}-*").Select(File.ReadAllText);
        var everything = _degraded.All + _failed.All + _good.All + audit + string.Concat(reports);

        foreach (var secret in new[] { WebhookSecret, GitHubToken, LoopbackSlack.HookPath, LoopbackTeams.HookPath, LoopbackWebhook.HookPath, "=600" })
            Assert.That(everything, Does.Not.Contain(secret));
        foreach (var message in _slack.Requests.Concat(_teams.Requests).Concat(_webhook.Requests))
            Assert.That(message.Text, Does.Not.Contain(WebhookSecret).And.Not.Contain(GitHubToken).And.Not.Contain("=600"));
    }

    private ProcessRun Deploy(string version, string[] args, IDictionary<string, string>? environment = null) =>
        ProcessRun.Start(Path.Combine(_production.Repository, "build.sh"),
            [.. TestEnvironment.WithoutWatch(["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(version), .. args]), $"--environment={_production.Name}", $"--public-port={_production.Port}"],
            _production.Repository, environment, TimeSpan.FromMinutes(6));

    private string[] Channels(Uri slack, Uri teams) =>
    [
        $"--notify-slack={slack}", $"--notify-teams={teams}", $"--notify-webhook={_webhook.HookUrl}", $"--notify-webhook-secret={WebhookSecret}",
        $"--github-token={GitHubToken}", "--github-repository=octo/shop", $"--github-api-url={_github.Url}",
    ];

    private void Mark(string name) => _before[name] = (_slack.Messages.Count, _teams.Messages.Count, _webhook.Messages.Count, _github.Changes.Count);

    private List<JsonElement> Between(string from, string to, IReadOnlyList<JsonElement> messages, Func<(int Slack, int Teams, int Webhook, int GitHub), int> count) =>
        messages.Skip(count(_before[from])).Take(count(_before[to]) - count(_before[from])).ToList();

    private List<JsonElement> AuditRecords() =>
        File.ReadAllLines(_production.AuditFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    // The time of each named step's first record in the first Deploy (the one with the degraded channels).
    private Dictionary<string, DateTimeOffset> AuditOf(params string[] steps)
    {
        var records = AuditRecords();
        var deployStarts = records.Select((r, i) => (r, i))
            .Where(x => x.r.GetProperty("step").GetString() == "Deploy" && x.r.GetProperty("outcome").GetString() == "started").Select(x => x.i).ToList();
        var firstDeploy = records.Take(deployStarts[1]).ToList();
        return steps.Select(s => s.Split(':')[0]).Distinct().ToDictionary(s => s,
            s => firstDeploy.First(r => r.GetProperty("step").GetString() == s).GetProperty("timeUtc").GetDateTimeOffset());
    }

    private string Name(long id)
    {
        var ids = _github.Deployments.Select(d => (long)d["id"]!).ToList();
        return ((char)('A' + ids.IndexOf(id))).ToString();
    }

    [GeneratedRegex(@"(?<=^(create|status) )[0-9]+")]
    private static partial Regex DeploymentId();

    [GeneratedRegex(@"in ([0-9.]+) s")]
    private static partial Regex Spent();
}
