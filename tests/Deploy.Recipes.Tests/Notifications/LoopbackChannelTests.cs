using System.Text.Json;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Notifications;

/// <summary>
/// Each channel against a loopback server that follows its API's documented shape: the receiver accepts what the
/// channel sends, refusals are judged final or retryable, and GitHub deployments are created, continued by a later
/// run that finds them by listing, and retired.
/// </summary>
public sealed class LoopbackChannelTests
{
    private const string Token = "ghs_loopbacktoken123";
    private LoopbackSlack _slack = null!;
    private LoopbackTeams _teams = null!;
    private LoopbackGitHub _github = null!;

    [OneTimeSetUp]
    public void StartReceivers()
    {
        _slack = new LoopbackSlack();
        _teams = new LoopbackTeams();
        _github = new LoopbackGitHub("octo", "shop", Token);
    }

    [OneTimeTearDown]
    public void StopReceivers()
    {
        _slack.Dispose();
        _teams.Dispose();
        _github.Dispose();
    }

    [Test]
    public async Task Slack_accepts_the_message_of_every_event_kind()
    {
        var slack = new SlackNotifier(_slack.HookUrl);

        foreach (var kind in Enum.GetValues<ReleaseEventKind>())
            await slack.SendAsync(SampleEvents.Of(kind, reason: "a reason"), CancellationToken.None);

        Assert.That(_slack.Messages, Has.Count.GreaterThanOrEqualTo(Enum.GetValues<ReleaseEventKind>().Length));
    }

    [Test]
    public void A_slack_hook_that_is_gone_is_refused_for_good_quoting_slacks_error()
    {
        var gone = new SlackNotifier(new Uri(_slack.Url, "/services/T0000TEST/B0000GONE/secret-part"));

        var refused = Assert.ThrowsAsync<ChannelRefusedException>(() => gone.SendAsync(SampleEvents.Of(ReleaseEventKind.Started), CancellationToken.None))!;

        Assert.That(refused.Retryable, Is.False);
        Assert.That(refused.Message, Does.Contain("404").And.Contain("no_service").And.Not.Contain("secret-part"));
    }

    [Test]
    public async Task Teams_accepts_the_adaptive_card()
    {
        await new TeamsNotifier(_teams.HookUrl).SendAsync(SampleEvents.Of(ReleaseEventKind.Failed, reason: "checkout failed"), CancellationToken.None);

        var card = _teams.Messages.Last().GetProperty("attachments")[0].GetProperty("content");
        Assert.That(card.GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo("Release 2.0.0 failed in production"));
    }

    [TestCase(500, true)]
    [TestCase(503, true)]
    [TestCase(429, true)]
    [TestCase(400, false)]
    [TestCase(403, false)]
    [TestCase(404, false)]
    public void An_answer_is_retryable_only_when_trying_again_can_help(int status, bool retryable)
    {
        var refused = Assert.Throws<ChannelRefusedException>(() => JsonPost.Judge((System.Net.HttpStatusCode)status, "invalid_token", null))!;

        Assert.That(refused.Retryable, Is.EqualTo(retryable));
    }

    [Test]
    public void A_rate_limit_passes_on_slacks_retry_after()
    {
        var refused = Assert.Throws<ChannelRefusedException>(() =>
            JsonPost.Judge(System.Net.HttpStatusCode.TooManyRequests, "rate_limited", new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30))))!;

        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task A_deployment_is_created_continued_by_a_later_run_that_lists_it_and_retired_by_its_successor()
    {
        var environment = "gh-" + Guid.NewGuid().ToString("N")[..8];
        var previous = SampleEvents.Of(ReleaseEventKind.Started, previous: null) with { Environment = environment, Release = "1.0.0-aaaa", Version = "1.0.0", Changes = null };
        var release = SampleEvents.Of(ReleaseEventKind.Started) with { Environment = environment };
        var firstRun = new GitHubDeployments(new GitHubTarget("octo", "shop", _github.Url, Token), TimeSpan.FromSeconds(10));
        await firstRun.SendAsync(previous, CancellationToken.None);
        await firstRun.SendAsync(previous with { Kind = ReleaseEventKind.Succeeded }, CancellationToken.None);
        await firstRun.SendAsync(release, CancellationToken.None);
        await firstRun.SendAsync(release with { Kind = ReleaseEventKind.Paused, Summary = "Canary 2.0.0 paused at 10%" }, CancellationToken.None);

        // A Promote in another CI job: a new client that never saw the deployment being created.
        var laterRun = new GitHubDeployments(new GitHubTarget("octo", "shop", _github.Url, Token), TimeSpan.FromSeconds(10));
        var listedBefore = _github.Requests.Count(r => r.Method == "GET");
        await laterRun.SendAsync(release with { Kind = ReleaseEventKind.Promoted, Summary = "Canary 2.0.0 promoted to all traffic" }, CancellationToken.None);
        await laterRun.SendAsync(release with { Kind = ReleaseEventKind.Succeeded }, CancellationToken.None);

        var mine = _github.Deployments.Where(d => (string?)d["environment"] == environment).ToList();
        Assert.That(mine, Has.Count.EqualTo(2), "the later run created no deployment of its own");
        var (old, current) = ((long)mine[0]["id"]!, (long)mine[1]["id"]!);
        Assert.That((string?)mine[1]["ref"], Is.EqualTo("2222222222222222222222222222222222222222"));
        Assert.That((string?)mine[1]["payload"]!["release"], Is.EqualTo("2.0.0-bbbb"));
        Assert.That((string?)mine[0]["ref"], Is.EqualTo("1.0.0"), "with no commit known the ref is the version");
        Assert.That(_github.Requests.Count(r => r.Method == "GET"), Is.GreaterThan(listedBefore));
        Assert.That(_github.Requests.Where(r => r.Method == "GET").Select(r => r.Query), Has.Some.Contain($"environment={environment}"));
        Assert.That(_github.StatusesOf(current).Select(s => (string?)s["state"]), Is.EqualTo(new[] { "in_progress", "in_progress", "in_progress", "success" }));
        Assert.That(_github.StatusesOf(current).Select(s => (string?)s["description"]), Does.Contain("Canary 2.0.0 promoted to all traffic"));
        Assert.That(_github.StatusesOf(old).Select(s => (string?)s["state"]), Is.EqualTo(new[] { "in_progress", "success", "inactive" }));
        Assert.That(_github.StatusesOf(current).Select(s => (string?)s["log_url"]), Has.All.EqualTo("https://github.com/octo/shop/actions/runs/42"));
        Assert.That(_github.StatusesOf(current).Select(s => (string?)s["environment_url"]), Has.All.EqualTo("http://127.0.0.1:5000/"));
    }

    [Test]
    public async Task A_failure_is_posted_with_its_reason_cut_to_githubs_limit()
    {
        var environment = "gh-" + Guid.NewGuid().ToString("N")[..8];
        var release = SampleEvents.Of(ReleaseEventKind.Started) with { Environment = environment };
        var github = new GitHubDeployments(new GitHubTarget("octo", "shop", _github.Url, Token), TimeSpan.FromSeconds(10));
        await github.SendAsync(release, CancellationToken.None);

        await github.SendAsync(release with { Kind = ReleaseEventKind.Failed, Reason = "failed its post-switch check: 5xx " + new string('x', 200) }, CancellationToken.None);

        var id = (long)_github.Deployments.Single(d => (string?)d["environment"] == environment)["id"]!;
        var failure = _github.StatusesOf(id).Last();
        Assert.That((string?)failure["state"], Is.EqualTo("failure"));
        Assert.That((string?)failure["description"], Does.StartWith("failed its post-switch check: 5xx").And.Length.EqualTo(140));
    }

    [Test]
    public void A_bad_token_is_refused_for_good()
    {
        var github = new GitHubDeployments(new GitHubTarget("octo", "shop", _github.Url, "ghs_wrong"), TimeSpan.FromSeconds(10));

        var refused = Assert.ThrowsAsync<ChannelRefusedException>(() => github.SendAsync(SampleEvents.Of(ReleaseEventKind.Started), CancellationToken.None))!;

        Assert.That(refused.Retryable, Is.False);
        Assert.That(refused.Message, Does.Contain("401").And.Not.Contain("ghs_wrong"));
    }
}
