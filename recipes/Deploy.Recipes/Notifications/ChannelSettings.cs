using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// The notification channels the settings ask for, checked: every URL absolute http(s), a webhook secret only with a
/// webhook, a GitHub token only with a repository it can name. A bad one is refused naming the setting, never quoting
/// a secret's value, before any task runs.
/// </summary>
/// <param name="Slack">The Slack incoming-webhook URL, or null.</param>
/// <param name="Teams">The Teams workflow webhook URL, or null.</param>
/// <param name="Webhook">The generic webhook URL, or null.</param>
/// <param name="WebhookSecret">The generic webhook's signing secret (empty: unsigned).</param>
/// <param name="GitHub">Where GitHub deployments go, or null when GitHub is not told.</param>
public sealed record ChannelSettings(Uri? Slack, Uri? Teams, Uri? Webhook, string WebhookSecret, GitHubTarget? GitHub)
{
    private const string Hidden = "(the value is secret and not shown)";

    /// <summary>
    /// Reads and checks the channel settings; <paramref name="variable"/> reads the process environment
    /// (GITHUB_REPOSITORY and GITHUB_API_URL, as GitHub Actions sets them).
    /// </summary>
    /// <exception cref="RecipeUsageException">A setting is not valid; the message names it and what would be.</exception>
    public static ChannelSettings Read(DeploySettings settings, Func<string, string?> variable)
    {
        if (settings.NotifyTimeout <= TimeSpan.Zero)
            throw new RecipeUsageException(
                $"Setting 'notify-timeout' is {settings.NotifyTimeout.TotalSeconds:0.###}s: use a positive duration, the most one event may take on one channel (default 10s).");
        var slack = SecretUrl(settings.NotifySlack, "notify-slack", "a Slack incoming-webhook URL such as https://hooks.slack.com/services/...");
        var teams = SecretUrl(settings.NotifyTeams, "notify-teams", "a Teams workflow webhook URL (Workflows app, 'When a Teams webhook request is received')");
        var webhook = SecretUrl(settings.NotifyWebhook, "notify-webhook", "the URL your receiver listens on, such as https://hooks.example.com/deploys");
        var secret = settings.NotifyWebhookSecret;
        if (secret.Length > 0 && webhook == null)
            throw new RecipeUsageException(
                "Setting 'notify-webhook-secret' is set but 'notify-webhook' is empty: give the webhook's URL (notify-webhook), or leave the secret empty.");
        if (secret.Length > 0 && !WebhookSignature.IsValidSecret(secret))
            throw new RecipeUsageException(
                $"Setting 'notify-webhook-secret' starts with 'whsec_' but what follows is not base64 {Hidden}: a Standard Webhooks secret is 'whsec_' and the base64 of its key; any other text is used as it is.");
        return new ChannelSettings(slack, teams, webhook, secret, GitHubFrom(settings, variable));
    }

    /// <summary>Whether any channel is configured.</summary>
    public bool Any => Slack != null || Teams != null || Webhook != null || GitHub != null;

    private static GitHubTarget? GitHubFrom(DeploySettings settings, Func<string, string?> variable)
    {
        if (settings.GithubToken.Length == 0)
            return null;
        var (repository, repositorySource) = settings.GithubRepository.Length > 0
            ? (settings.GithubRepository, "Setting 'github-repository'")
            : (variable("GITHUB_REPOSITORY") ?? "", "GITHUB_REPOSITORY");
        if (repository.Length == 0)
            throw new RecipeUsageException(
                "Setting 'github-token' is set but the repository is unknown: give 'github-repository' as owner/name (GITHUB_REPOSITORY names it only inside GitHub Actions).");
        var parts = repository.Trim().Split('/');
        if (parts is not [{ Length: > 0 } owner, { Length: > 0 } name] || parts.Any(p => p.Any(char.IsWhiteSpace)))
            throw new RecipeUsageException($"{repositorySource} is '{repository}': use owner/name, such as octo-org/shop.");

        var (api, apiSource) = settings.GithubApiUrl.Length > 0
            ? (settings.GithubApiUrl, "Setting 'github-api-url'")
            : (variable("GITHUB_API_URL") ?? "", "GITHUB_API_URL");
        Uri? apiUrl = null;
        if (api.Length > 0 && (apiUrl = HttpUrl(api)) == null)
            throw new RecipeUsageException(
                $"{apiSource} is '{api}': use an absolute http:// or https:// URL, such as https://github.example.com/api/v3 for GitHub Enterprise Server (empty: github.com).");
        return new GitHubTarget(owner, name, apiUrl, settings.GithubToken);
    }

    private static Uri? SecretUrl(string value, string setting, string example)
    {
        if (value.Length == 0)
            return null;
        return HttpUrl(value) ?? throw new RecipeUsageException(
            $"Setting '{setting}' is not an absolute http:// or https:// URL {Hidden}: give {example}, or leave it empty.");
    }

    private static Uri? HttpUrl(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0 ? url : null;
}
