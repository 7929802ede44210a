using System.Text;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// Posts every event to a Slack incoming webhook as <see cref="SlackMessage"/>. Slack answers 200 <c>ok</c>; 400,
/// 403, 404 and 410 with a short error text (<c>invalid_blocks</c>, <c>no_service</c>, ...), which are final; 429 with
/// Retry-After.
/// </summary>
public sealed class SlackNotifier(Uri webhook) : IReleaseNotifier
{
    /// <inheritdoc />
    public string Name => "slack";

    /// <inheritdoc />
    public bool Wants(ReleaseEventKind kind) => true;

    /// <inheritdoc />
    public Task SendAsync(ReleaseEvent releaseEvent, CancellationToken cancel) =>
        JsonPost.SendAsync(webhook, Encoding.UTF8.GetBytes(SlackMessage.For(releaseEvent).ToJsonString()), [], cancel);
}
