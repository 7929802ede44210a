using Octokit;

namespace Deploy.Recipes.Notifications;

/// <summary>Which deployment a status goes on: the event's release's, or the release it replaced (or returned to).</summary>
public enum DeploymentOf
{
    /// <summary>The deployment of the event's release (created on <see cref="ReleaseEventKind.Started"/>; found, else created, later).</summary>
    This,

    /// <summary>The deployment of the event's <see cref="ReleaseEvent.Previous"/> release, when it has one on GitHub (never created).</summary>
    Previous,
}

/// <summary>One deployment status to post.</summary>
/// <param name="Deployment">Which deployment it goes on.</param>
/// <param name="State">The state.</param>
/// <param name="Description">The description (at most <see cref="GitHubStatusPlan.DescriptionLimit"/> characters).</param>
public sealed record GitHubStatusUpdate(DeploymentOf Deployment, DeploymentState State, string Description);

/// <summary>
/// What GitHub is told for each release event. Started creates a deployment and marks it <c>in_progress</c>; paused
/// and promoted canaries stay <c>in_progress</c> with what happened as the description; succeeded is <c>success</c>
/// and the deployment it replaced goes <c>inactive</c>; failed is <c>failure</c> with the reason; switched back puts
/// <c>success</c> again on the release customers are back on; rolled back is <c>success</c> on the release rolled back
/// to and <c>inactive</c> on the one rolled away from; an operator's abort is <c>failure</c> ("aborted by ...").
/// Maintenance and flags are no deployments: GitHub is not told.
/// </summary>
public static class GitHubStatusPlan
{
    /// <summary>The most characters GitHub takes in a deployment status's description.</summary>
    public const int DescriptionLimit = 140;

    /// <summary>Whether GitHub is told <paramref name="kind"/> at all.</summary>
    public static bool Wants(ReleaseEventKind kind) => kind is not (ReleaseEventKind.MaintenanceOn or ReleaseEventKind.MaintenanceOff or ReleaseEventKind.FlagChanged);

    /// <summary>Whether the event starts a new deployment (rather than continuing the release's latest one).</summary>
    public static bool CreatesDeployment(ReleaseEventKind kind) => kind == ReleaseEventKind.Started;

    /// <summary>The statuses to post for <paramref name="e"/>, in order.</summary>
    public static IReadOnlyList<GitHubStatusUpdate> For(ReleaseEvent e)
    {
        var version = e.Version ?? e.Release ?? "the release";
        return e.Kind switch
        {
            ReleaseEventKind.Started => [This(DeploymentState.InProgress, $"Deploying {version} to {e.Environment} (by {e.Actor})")],
            ReleaseEventKind.Paused or ReleaseEventKind.Promoted => [This(DeploymentState.InProgress, e.Summary)],
            ReleaseEventKind.Succeeded =>
            [
                This(DeploymentState.Success, $"{version} is live in {e.Environment}"),
                .. Previous(e, DeploymentState.Inactive, $"Replaced by {version}"),
            ],
            ReleaseEventKind.Failed => [This(DeploymentState.Failure, e.Reason ?? e.Summary)],
            ReleaseEventKind.SwitchedBack => Previous(e, DeploymentState.Success, $"Live again: traffic switched back from {version}"),
            ReleaseEventKind.RolledBack =>
            [
                This(DeploymentState.Success, $"Live again: {e.Environment} rolled back to {version} by {e.Actor}"),
                .. Previous(e, DeploymentState.Inactive, $"Rolled back to {version} by {e.Actor}"),
            ],
            ReleaseEventKind.Aborted => [This(DeploymentState.Failure, e.Reason is { } why ? $"Canary {why}" : e.Summary)],
            _ => [],
        };
    }

    /// <summary>The ref a new deployment names: the release's commit when the event knows it, else its version.</summary>
    public static string Ref(ReleaseEvent e) => e.Changes?.Commits?.To ?? e.Version ?? e.Release ?? "HEAD";

    /// <summary><paramref name="text"/> on one line, cut to GitHub's limit with an ellipsis.</summary>
    public static string Description(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= DescriptionLimit ? line : line[..(DescriptionLimit - 1)] + "…";
    }

    private static GitHubStatusUpdate This(DeploymentState state, string description) => new(DeploymentOf.This, state, Description(description));

    private static GitHubStatusUpdate[] Previous(ReleaseEvent e, DeploymentState state, string description) =>
        e.Previous == null || e.Previous == e.Release ? [] : [new GitHubStatusUpdate(DeploymentOf.Previous, state, Description(description))];
}
