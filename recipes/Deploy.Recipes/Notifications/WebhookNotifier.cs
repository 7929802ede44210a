namespace Deploy.Recipes.Notifications;

/// <summary>
/// Posts every event to a generic webhook as <see cref="WebhookPayload"/>, with the Standard Webhooks headers
/// <c>webhook-id</c> (the same for every attempt of one event) and <c>webhook-timestamp</c> (this attempt's, in unix
/// seconds), and, with a secret, <c>webhook-signature</c> and <c>X-Hub-Signature-256</c> (<see cref="WebhookSignature"/>).
/// </summary>
public sealed class WebhookNotifier(Uri webhook, string secret, TimeProvider? clock = null) : IReleaseNotifier
{
    /// <inheritdoc />
    public string Name => "webhook";

    /// <inheritdoc />
    public bool Wants(ReleaseEventKind kind) => true;

    /// <summary>The headers one attempt sends with <paramref name="body"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string id, long timestamp, byte[] body, string secret)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("webhook-id", id),
            new("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (secret.Length > 0)
        {
            headers.Add(new("webhook-signature", WebhookSignature.Standard(secret, id, timestamp, body)));
            headers.Add(new("X-Hub-Signature-256", WebhookSignature.Hub(secret, body)));
        }

        return headers;
    }

    /// <inheritdoc />
    public Task SendAsync(ReleaseEvent releaseEvent, CancellationToken cancel)
    {
        var body = WebhookPayload.Body(releaseEvent);
        var timestamp = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        return JsonPost.SendAsync(webhook, body, Headers(WebhookPayload.MessageId(releaseEvent), timestamp, body, secret), cancel);
    }
}
