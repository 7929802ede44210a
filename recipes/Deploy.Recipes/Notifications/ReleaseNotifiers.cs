namespace Deploy.Recipes.Notifications;

/// <summary>The channels the settings configure (Slack, Teams, a signed webhook, GitHub deployments), each optional.</summary>
public static class ReleaseNotifiers
{
    /// <summary>Every channel <paramref name="context"/>'s settings name (plus annotations in GitHub Actions); none when none is set.</summary>
    public static IReadOnlyList<IReleaseNotifier> From(DeployContext context)
    {
        var channels = Settings(context);
        var notifiers = new List<IReleaseNotifier>();
        if (channels.Slack != null)
            notifiers.Add(new SlackNotifier(channels.Slack));
        if (channels.Teams != null)
            notifiers.Add(new TeamsNotifier(channels.Teams));
        if (channels.Webhook != null)
            notifiers.Add(new WebhookNotifier(channels.Webhook, channels.WebhookSecret));
        if (channels.GitHub != null)
            notifiers.Add(new GitHubDeployments(channels.GitHub, context.Settings.NotifyTimeout));
        if (ActionsAnnotations.InGitHubActions(Variable(context)))
            notifiers.Add(new ActionsAnnotations(context));
        return notifiers;
    }

    /// <summary>Refuses bad channel settings before any task runs (<see cref="ChannelSettings.Read"/>).</summary>
    public static void Check(DeployContext context) => _ = Settings(context);

    private static ChannelSettings Settings(DeployContext context) => ChannelSettings.Read(context.Settings, Variable(context));

    private static Func<string, string?> Variable(DeployContext context) =>
        name => context.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
