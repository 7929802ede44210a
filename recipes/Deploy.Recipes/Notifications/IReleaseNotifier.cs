namespace Deploy.Recipes.Notifications;

/// <summary>
/// One channel people are told through (Slack, Teams, a signed webhook, GitHub deployments). A channel only sends;
/// <see cref="ReleaseEvents"/> bounds it with the notify timeout, retries it and turns its failure into a warning and
/// an audit record, so a channel that is down never fails a release.
/// </summary>
public interface IReleaseNotifier
{
    /// <summary>The channel's name in warnings and audit records (<c>slack</c>, <c>teams</c>, <c>webhook</c>, <c>github</c>).</summary>
    string Name { get; }

    /// <summary>Whether the channel wants <paramref name="kind"/> at all (GitHub deployments care only about releases).</summary>
    bool Wants(ReleaseEventKind kind);

    /// <summary>Sends one event; throws when the receiver refused it or could not be reached (the caller retries).</summary>
    Task SendAsync(ReleaseEvent releaseEvent, CancellationToken cancel);
}
