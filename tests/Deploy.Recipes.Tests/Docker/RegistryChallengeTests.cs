using Deploy.Recipes.Containers;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Docker;

/// <summary>A registry's WWW-Authenticate challenge read, and the token request made from it.</summary>
public sealed class RegistryChallengeTests
{
    [Test]
    public void A_bearer_challenge_gives_realm_service_and_scope()
    {
        var challenge = RegistryDigest.Challenge.Parse(
            "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:team/shop:pull,push\"")!;

        Assert.That(challenge.Scheme, Is.EqualTo("Bearer"));
        Assert.That(challenge.Parameters["realm"], Is.EqualTo("https://auth.example.com/token"));
        Assert.That(challenge.Parameters["scope"], Is.EqualTo("repository:team/shop:pull,push"));
        Assert.That(challenge.TokenUri().ToString(),
            Is.EqualTo("https://auth.example.com/token?service=registry.example.com&scope=repository%3Ateam%2Fshop%3Apull%2Cpush"));
    }

    [Test]
    public void A_basic_challenge_gives_its_realm()
    {
        var challenge = RegistryDigest.Challenge.Parse("Basic realm=\"deploy-recipes-tests\"")!;

        Assert.That(challenge.Scheme, Is.EqualTo("Basic"));
        Assert.That(challenge.Parameters["realm"], Is.EqualTo("deploy-recipes-tests"));
    }

    [Test]
    public void Unquoted_and_escaped_values_are_read()
    {
        var challenge = RegistryDigest.Challenge.Parse("Bearer realm=http://127.0.0.1:9/t, error=\"say \\\"no\\\"\"")!;

        Assert.That(challenge.Parameters["realm"], Is.EqualTo("http://127.0.0.1:9/t"));
        Assert.That(challenge.Parameters["error"], Is.EqualTo("say \"no\""));
    }

    [Test]
    public void A_realm_with_its_own_query_keeps_it()
    {
        var challenge = RegistryDigest.Challenge.Parse("Bearer realm=\"http://127.0.0.1:9/t?x=1\",service=\"s\"")!;

        Assert.That(challenge.TokenUri().Query, Is.EqualTo("?x=1&service=s"));
    }

    [Test]
    public void A_bearer_challenge_without_a_realm_cannot_give_a_token_request()
    {
        Assert.Throws<InvalidOperationException>(() => RegistryDigest.Challenge.Parse("Bearer service=\"s\"")!.TokenUri());
    }
}
