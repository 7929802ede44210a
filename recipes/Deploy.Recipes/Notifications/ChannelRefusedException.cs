namespace Deploy.Recipes.Notifications;

/// <summary>
/// A channel's receiver answered, and not with success. <see cref="Retryable"/> says whether trying again can help
/// (a 5xx, a rate limit) or not (a 404 for a removed webhook, a 403 for a bad token), and <see cref="RetryAfter"/>
/// how long the receiver asked to be left alone.
/// </summary>
public sealed class ChannelRefusedException(string message, bool retryable, TimeSpan? retryAfter = null) : Exception(message)
{
    /// <summary>Whether another attempt can succeed.</summary>
    public bool Retryable { get; } = retryable;

    /// <summary>How long the receiver asked to wait before the next attempt (HTTP Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
