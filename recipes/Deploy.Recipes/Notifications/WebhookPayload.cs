using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// The generic webhook's JSON body: <c>event</c> (the kind's name), <c>environment</c>, <c>release</c>,
/// <c>version</c>, <c>previous</c>, <c>actor</c>, <c>time</c> (ISO 8601 UTC), <c>title</c>, <c>summary</c>,
/// <c>reason</c>, <c>changes</c> (the release's "what changed", names only) and <c>urls</c> (environment, log). Also
/// the message id the Standard Webhooks headers carry: the same for every attempt of one event, different between events.
/// </summary>
public static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The body for <paramref name="e"/>, as the bytes that are signed and sent.</summary>
    public static byte[] Body(ReleaseEvent e) => Encoding.UTF8.GetBytes(For(e).ToJsonString());

    /// <summary>The body for <paramref name="e"/> as JSON.</summary>
    public static JsonObject For(ReleaseEvent e) => new()
    {
        ["event"] = e.Kind.Name(),
        ["environment"] = e.Environment,
        ["release"] = e.Release,
        ["version"] = e.Version,
        ["previous"] = e.Previous,
        ["actor"] = e.Actor,
        ["time"] = e.TimeUtc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["title"] = EventHeadline.Title(e),
        ["summary"] = e.Summary,
        ["reason"] = e.Reason,
        ["changes"] = e.Changes == null ? null : JsonSerializer.SerializeToNode(e.Changes, Json),
        ["urls"] = new JsonObject { ["environment"] = e.EnvironmentUrl, ["log"] = e.LogUrl },
    };

    /// <summary>
    /// The event's message id (<c>msg_</c> and 32 hex digits of a hash of what identifies it: environment, kind,
    /// release and time): stable across retries, so a receiver can drop a delivery it already has.
    /// </summary>
    public static string MessageId(ReleaseEvent e)
    {
        var identity = $"{e.Environment}\n{e.Kind.Name()}\n{e.Release}\n{e.TimeUtc.UtcTicks}\n{e.Summary}";
        return "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }
}
