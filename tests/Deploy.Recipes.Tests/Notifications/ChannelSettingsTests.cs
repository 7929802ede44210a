using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Notifications;

/// <summary>Channel settings: read and checked before anything runs; a bad one is named, a secret never quoted.</summary>
public sealed class ChannelSettingsTests
{
    private static readonly Func<string, string?> NoVariables = _ => null;

    [Test]
    public void Every_channel_is_read_when_its_settings_are_good()
    {
        var settings = new DeploySettings
        {
            NotifySlack = "https://hooks.slack.com/services/T1/B1/xyz", NotifyTeams = "https://prod.example.com/workflows/1", NotifyWebhook = "http://127.0.0.1:9/hook",
            NotifyWebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", GithubToken = "ghs_token", GithubRepository = "octo/shop",
        };

        var channels = ChannelSettings.Read(settings, NoVariables);

        Assert.That(channels.Slack, Is.EqualTo(new Uri("https://hooks.slack.com/services/T1/B1/xyz")));
        Assert.That(channels.Teams, Is.Not.Null);
        Assert.That(channels.Webhook, Is.Not.Null);
        Assert.That(channels.GitHub, Is.EqualTo(new GitHubTarget("octo", "shop", null, "ghs_token")));
    }

    [Test]
    public void No_settings_no_channels()
    {
        Assert.That(ChannelSettings.Read(new DeploySettings(), NoVariables).Any, Is.False);
    }

    [TestCase("notify-slack")]
    [TestCase("notify-teams")]
    [TestCase("notify-webhook")]
    public void A_url_that_is_not_absolute_http_is_refused_naming_the_setting_and_not_its_value(string setting)
    {
        var settings = new DeploySettings();
        const string value = "ftp://hooks.example.com/very-secret-token";
        _ = setting switch
        {
            "notify-slack" => settings.NotifySlack = value,
            "notify-teams" => settings.NotifyTeams = value,
            _ => settings.NotifyWebhook = value,
        };

        var refused = Assert.Throws<RecipeUsageException>(() => ChannelSettings.Read(settings, NoVariables))!;

        Assert.That(refused.Message, Does.Contain($"Setting '{setting}' is not an absolute http:// or https:// URL").And.Not.Contain("very-secret-token"));
    }

    [Test]
    public void A_webhook_secret_without_a_webhook_is_refused_without_quoting_it()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => ChannelSettings.Read(new DeploySettings { NotifyWebhookSecret = "top-secret-value" }, NoVariables))!;

        Assert.That(refused.Message, Does.Contain("Setting 'notify-webhook-secret' is set but 'notify-webhook' is empty").And.Not.Contain("top-secret-value"));
    }

    [Test]
    public void A_whsec_secret_that_is_not_base64_is_refused_without_quoting_it()
    {
        var settings = new DeploySettings { NotifyWebhook = "https://hooks.example.com/x", NotifyWebhookSecret = "whsec_not*base64!" };

        var refused = Assert.Throws<RecipeUsageException>(() => ChannelSettings.Read(settings, NoVariables))!;

        Assert.That(refused.Message, Does.Contain("Setting 'notify-webhook-secret' starts with 'whsec_'").And.Not.Contain("not*base64"));
    }

    [Test]
    public void A_github_token_without_a_repository_is_refused_naming_github_repository()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => ChannelSettings.Read(new DeploySettings { GithubToken = "ghs_abcdef" }, NoVariables))!;

        Assert.That(refused.Message, Does.Contain("Setting 'github-token' is set but the repository is unknown").And.Contain("github-repository").And.Not.Contain("ghs_abcdef"));
    }

    [TestCase("shop")]
    [TestCase("octo/shop/extra")]
    [TestCase("octo/")]
    public void A_repository_that_is_not_owner_slash_name_is_refused(string repository)
    {
        var refused = Assert.Throws<RecipeUsageException>(() =>
            ChannelSettings.Read(new DeploySettings { GithubToken = "ghs_abcdef", GithubRepository = repository }, NoVariables))!;

        Assert.That(refused.Message, Does.Contain($"Setting 'github-repository' is '{repository}': use owner/name"));
    }

    [Test]
    public void In_github_actions_the_repository_and_api_url_come_from_the_environment()
    {
        var variables = new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = "octo/shop", ["GITHUB_API_URL"] = "https://ghe.example.com/api/v3" };

        var github = ChannelSettings.Read(new DeploySettings { GithubToken = "ghs_abcdef" }, n => variables.GetValueOrDefault(n))!.GitHub!;

        Assert.That(github, Is.EqualTo(new GitHubTarget("octo", "shop", new Uri("https://ghe.example.com/api/v3"), "ghs_abcdef")));
    }

    [Test]
    public void The_settings_win_over_the_github_actions_environment()
    {
        var variables = new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = "octo/other", ["GITHUB_API_URL"] = "https://api.github.com" };
        var settings = new DeploySettings { GithubToken = "ghs_abcdef", GithubRepository = "octo/shop", GithubApiUrl = "http://127.0.0.1:8080/" };

        var github = ChannelSettings.Read(settings, n => variables.GetValueOrDefault(n))!.GitHub!;

        Assert.That((github.Owner, github.Name, github.ApiUrl), Is.EqualTo(("octo", "shop", new Uri("http://127.0.0.1:8080/"))));
    }

    [Test]
    public void A_bad_api_url_is_refused_naming_it()
    {
        var refused = Assert.Throws<RecipeUsageException>(() =>
            ChannelSettings.Read(new DeploySettings { GithubToken = "ghs_abcdef", GithubRepository = "octo/shop", GithubApiUrl = "ghe.example.com" }, NoVariables))!;

        Assert.That(refused.Message, Does.Contain("Setting 'github-api-url' is 'ghe.example.com': use an absolute http:// or https:// URL"));
    }

    [Test]
    public void A_notify_timeout_of_zero_is_refused()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => ChannelSettings.Read(new DeploySettings { NotifyTimeout = TimeSpan.Zero }, NoVariables))!;

        Assert.That(refused.Message, Does.Contain("Setting 'notify-timeout' is 0s"));
    }

    [Test]
    public void A_bad_channel_setting_stops_the_run_before_anything_changes()
    {
        using var repository = new TemporaryFolder("deploy-notify-settings-");

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=MaintenanceOn", "--notify-slack=hooks.slack.com/services/T1/B1/leaky-token");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(console.All, Does.Contain("Setting 'notify-slack' is not an absolute http:// or https:// URL").And.Not.Contain("leaky-token"));
        Assert.That(Directory.Exists(Path.Combine(repository.Path, ".deploy")), Is.False);
    }
}
