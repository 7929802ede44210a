using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Deploy.Recipes.Containers;

/// <summary>
/// A pushed tag's manifest digest, asked of the registry itself through its HTTP API v2 (<c>HEAD
/// /v2/&lt;name&gt;/manifests/&lt;tag&gt;</c>, the <c>Docker-Content-Digest</c> header): the digest every later stage
/// deploys, whichever tool pushed. Speaks Basic auth, and the Bearer-token flow when the registry answers with a
/// <c>WWW-Authenticate: Bearer realm=...</c> challenge (the token asked of the realm with the same credentials).
/// </summary>
public static partial class RegistryDigest
{
    /// <summary>The manifest types asked for: OCI and Docker, single images and indexes (what a pull by digest resolves).</summary>
    public static readonly IReadOnlyList<string> ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    /// <summary>
    /// Resolves <paramref name="repository"/> (<c>host[:port]/path</c>) at <paramref name="tag"/> to its digest
    /// (<c>sha256:...</c>). <paramref name="user"/> empty = anonymous. Errors name the image and the registry's answer,
    /// never the password.
    /// </summary>
    public static async Task<string> ResolveAsync(
        string repository, string tag, string user, string password, CancellationToken cancel, HttpMessageHandler? handler = null)
    {
        var (registry, path) = RegistryAddress.OfRepository(repository);
        using var http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = !registry.IsLoopback }, disposeHandler: handler == null)
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        var manifest = new Uri(registry.ApiRoot, $"{path}/manifests/{Uri.EscapeDataString(tag)}");

        var head = await SendAsync(HttpMethod.Head, null);
        AuthenticationHeaderValue? authorization = null;
        if (head.StatusCode == HttpStatusCode.Unauthorized)
        {
            authorization = await AuthorizeAsync(http, head, repository, user, password, cancel);
            head.Dispose();
            head = await SendAsync(HttpMethod.Head, authorization);
        }
        using (head)
        {
            Ensure(head);
            if (DigestHeader(head) is { } digest)
                return digest;
        }

        // No header on HEAD (some registries): GET the manifest; its digest is the SHA-256 of its exact bytes.
        using var get = await SendAsync(HttpMethod.Get, authorization);
        Ensure(get);
        return DigestHeader(get) ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await get.Content.ReadAsByteArrayAsync(cancel)));

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, AuthenticationHeaderValue? auth)
        {
            using var request = new HttpRequestMessage(method, manifest);
            foreach (var type in ManifestTypes)
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            request.Headers.Authorization = auth;
            return await http.SendAsync(request, cancel);
        }

        void Ensure(HttpResponseMessage response)
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException(
                    $"Registry {registry.Host}: {repository}:{tag} could not be resolved to a digest ({(int)response.StatusCode} {response.ReasonPhrase})" +
                    (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? "; check registry-user and registry-password." : "."));
        }
    }

    private static string? DigestHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { } digest && IsDigest(digest) ? digest : null;

    /// <summary>True for <c>sha256:</c> and 64 lower-case hex digits.</summary>
    public static bool IsDigest(string digest) =>
        digest.Length == 71 && digest.StartsWith("sha256:", StringComparison.Ordinal) && digest[7..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static async Task<AuthenticationHeaderValue?> AuthorizeAsync(
        HttpClient http, HttpResponseMessage refused, string repository, string user, string password, CancellationToken cancel)
    {
        var challenge = refused.Headers.WwwAuthenticate.Select(header => Challenge.Parse(header.ToString())).FirstOrDefault(c => c != null);
        var basic = user.Length > 0 ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))) : null;
        if (challenge == null || challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return basic ?? throw new InvalidOperationException($"Registry: {repository} needs credentials: set registry-user and registry-password.");
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Registry: {repository} asks for '{challenge.Scheme}' authentication, which is not supported (Basic and Bearer are).");

        using var request = new HttpRequestMessage(HttpMethod.Get, challenge.TokenUri());
        request.Headers.Authorization = basic;
        using var response = await http.SendAsync(request, cancel);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"Registry: the token service {challenge.TokenUri().GetLeftPart(UriPartial.Path)} refused a token for {repository} ({(int)response.StatusCode} {response.ReasonPhrase}); check registry-user and registry-password.");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
        var token = body.RootElement.TryGetProperty("token", out var t) ? t.GetString()
            : body.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        return token is { Length: > 0 }
            ? new AuthenticationHeaderValue("Bearer", token)
            : throw new InvalidOperationException($"Registry: the token service gave no token for {repository}.");
    }
}
