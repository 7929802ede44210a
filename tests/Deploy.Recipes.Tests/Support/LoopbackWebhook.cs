using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A generic webhook receiver: answers 204 to every POST and checks each delivery's signatures with its own code
/// (HMAC-SHA256 over the raw body for X-Hub-Signature-256, over "id.timestamp.body" for Standard Webhooks, whose key
/// is the base64 after <c>whsec_</c>), not the recipe's.
/// </summary>
internal sealed class LoopbackWebhook(string secret) : LoopbackReceiver(_ => new ReceiverAnswer(204))
{
    public const string HookPath = "/hooks/deploys";

    public Uri HookUrl => new(Url, HookPath);

    public IReadOnlyList<JsonElement> Messages => Requests.Where(r => r.Path == HookPath).Select(r => r.Json).ToList();

    /// <summary>Why <paramref name="request"/>'s signatures do not verify, or null when both do.</summary>
    public string? SignatureProblem(ReceivedRequest request) => SignatureProblem(secret, request);

    public static string? SignatureProblem(string secret, ReceivedRequest request)
    {
        var hub = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), request.Body)).ToLowerInvariant();
        if (request.Header("X-Hub-Signature-256") != hub)
            return $"X-Hub-Signature-256 is {request.Header("X-Hub-Signature-256")}, expected {hub}";
        var id = request.Header("webhook-id");
        var timestamp = request.Header("webhook-timestamp");
        if (string.IsNullOrEmpty(id) || !long.TryParse(timestamp, out _))
            return $"webhook-id '{id}' or webhook-timestamp '{timestamp}' missing";
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(secret);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(request.Body).ToArray()));
        // The header may carry several space-separated signatures (key rotation); one must match.
        var given = (request.Header("webhook-signature") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return given.Contains(expected) ? null : $"webhook-signature is '{request.Header("webhook-signature")}', expected {expected}";
    }
}
