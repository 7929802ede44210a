using System.Security.Cryptography;
using System.Text;

namespace Deploy.Recipes.Notifications;

/// <summary>
/// How the generic webhook signs a body, two ways at once so either kind of receiver can check it: GitHub's
/// <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(secret, body)&gt;</c>, and Standard Webhooks'
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256(key, "id.timestamp.body")&gt;</c>, whose key is the base64 after
/// <c>whsec_</c> when the secret has that prefix, else the secret's UTF-8 bytes. GitHub-style receivers key their HMAC
/// with the secret's text as configured, so the hub signature always uses the whole secret's UTF-8 bytes.
/// </summary>
public static class WebhookSignature
{
    private const string StandardPrefix = "whsec_";

    /// <summary>Whether <paramref name="secret"/> can sign: any text, except a <c>whsec_</c> one that is not base64 after the prefix.</summary>
    public static bool IsValidSecret(string secret)
    {
        if (!secret.StartsWith(StandardPrefix, StringComparison.Ordinal))
            return secret.Length > 0;
        var encoded = secret[StandardPrefix.Length..];
        var buffer = new byte[encoded.Length];
        return encoded.Length > 0 && Convert.TryFromBase64String(encoded, buffer, out var written) && written > 0;
    }

    /// <summary>The Standard Webhooks HMAC key of <paramref name="secret"/>.</summary>
    public static byte[] Key(string secret) =>
        secret.StartsWith(StandardPrefix, StringComparison.Ordinal)
            ? Convert.FromBase64String(secret[StandardPrefix.Length..])
            : Encoding.UTF8.GetBytes(secret);

    /// <summary>The <c>X-Hub-Signature-256</c> value: <c>sha256=</c> and the lower-case hex HMAC of the body, keyed with the secret's UTF-8 bytes.</summary>
    public static string Hub(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>The Standard Webhooks <c>webhook-signature</c> value: <c>v1,</c> and the base64 HMAC of <c>id.timestamp.body</c>.</summary>
    public static string Standard(string secret, string id, long timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), signed));
    }
}
