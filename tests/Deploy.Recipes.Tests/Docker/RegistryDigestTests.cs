using System.Security.Cryptography;
using System.Text;
using Deploy.Recipes.Containers;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Docker;

/// <summary>
/// A tag resolved to its digest through the registry HTTP API v2 with the Bearer-token flow, against a loopback server
/// that answers as a token-authenticated registry does (challenge, token service, manifest); the Basic flow runs against
/// the real registry in <see cref="ImagePackagingTests"/>.
/// </summary>
public sealed class RegistryDigestTests
{
    private const string Password = "t0ken-service-secret";
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Manifest = "{\"schemaVersion\":2}";
    private LoopbackReceiver registry = null!;
    private bool sendDigestHeader;

    [OneTimeSetUp]
    public void StartRegistry() => registry = new LoopbackReceiver(Answer);

    [OneTimeTearDown]
    public void StopRegistry() => registry.Dispose();

    [SetUp]
    public void WithDigestHeader() => sendDigestHeader = true;

    [Test]
    public async Task A_bearer_challenge_is_answered_with_a_token_from_the_realm_asked_with_the_credentials()
    {
        var digest = await RegistryDigest.ResolveAsync($"127.0.0.1:{registry.Port}/team/shop", "1.0.0", "deployer", Password, CancellationToken.None);

        Assert.That(digest, Is.EqualTo(Digest));
        var token = registry.Requests.Last(r => r.Path == "/token");
        Assert.That(token.Query, Does.Contain("service=test-registry").And.Contain("scope=repository"));
        Assert.That(registry.Requests.Last(r => r.Path.StartsWith("/v2/")).Header("accept"), Does.Contain("application/vnd.oci.image.manifest.v1+json"));
    }

    [Test]
    public async Task Without_a_digest_header_the_digest_is_the_sha256_of_the_manifest_bytes()
    {
        sendDigestHeader = false;

        var digest = await RegistryDigest.ResolveAsync($"127.0.0.1:{registry.Port}/team/shop", "1.0.0", "deployer", Password, CancellationToken.None);

        Assert.That(digest, Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Manifest)))));
    }

    [Test]
    public void A_refused_token_names_the_settings_to_check_and_never_the_password()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() =>
            RegistryDigest.ResolveAsync($"127.0.0.1:{registry.Port}/team/shop", "1.0.0", "deployer", "wrong-" + Password, CancellationToken.None))!;

        Assert.That(error.Message, Does.Contain("registry-user and registry-password"));
        Assert.That(error.Message, Does.Not.Contain(Password));
    }

    private ReceiverAnswer Answer(ReceivedRequest request)
    {
        if (request.Path == "/token")
            return request.Header("authorization") == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"deployer:{Password}"))
                ? new ReceiverAnswer(200, "{\"token\":\"tok-1\"}", "application/json")
                : new ReceiverAnswer(401);
        if (request.Path != "/v2/team/shop/manifests/1.0.0")
            return new ReceiverAnswer(404);
        if (request.Header("authorization") != "Bearer tok-1")
            return new ReceiverAnswer(401, Headers: new Dictionary<string, string>
            {
                ["WWW-Authenticate"] = $"Bearer realm=\"http://127.0.0.1:{registry.Port}/token\",service=\"test-registry\",scope=\"repository:team/shop:pull\"",
            });
        return new ReceiverAnswer(200, Manifest, "application/vnd.oci.image.manifest.v1+json",
            sendDigestHeader ? new Dictionary<string, string> { ["Docker-Content-Digest"] = Digest } : null);
    }
}
