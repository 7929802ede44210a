using Cake.Common.Build;
using Cake.Common.Build.GitHubActions.Data;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// In GitHub Actions, a failed release and a switch-back also become <c>::error title=...::message</c> annotations
/// (through Cake.Common's GitHub Actions commands), so the run's summary page shows them without opening the log.
/// </summary>
public sealed class ActionsAnnotations(DeployContext context) : IReleaseNotifier
{
    /// <inheritdoc />
    public string Name => "annotations";

    /// <summary>Whether the run is a GitHub Actions job (GITHUB_ACTIONS=true).</summary>
    public static bool InGitHubActions(Func<string, string?> variable) =>
        string.Equals(variable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool Wants(ReleaseEventKind kind) => kind is ReleaseEventKind.Failed or ReleaseEventKind.SwitchedBack;

    /// <inheritdoc />
    public Task SendAsync(ReleaseEvent releaseEvent, CancellationToken cancel)
    {
        // The event's text is already redacted; the title is built from names, not values.
        context.GitHubActions().Commands.Error(releaseEvent.Summary, new GitHubActionsAnnotation { Title = EventHeadline.Title(releaseEvent) });
        return Task.CompletedTask;
    }
}
