using System.Text;

namespace Deploy.Recipes.Notifications;

/// <summary>Posts every event to a Microsoft Teams workflow webhook as an Adaptive Card (<see cref="TeamsCard"/>); the workflow answers 202 Accepted.</summary>
public sealed class TeamsNotifier(Uri webhook) : IReleaseNotifier
{
    /// <inheritdoc />
    public string Name => "teams";

    /// <inheritdoc />
    public bool Wants(ReleaseEventKind kind) => true;

    /// <inheritdoc />
    public Task SendAsync(ReleaseEvent releaseEvent, CancellationToken cancel) =>
        JsonPost.SendAsync(webhook, Encoding.UTF8.GetBytes(TeamsCard.For(releaseEvent).ToJsonString()), [], cancel);
}
