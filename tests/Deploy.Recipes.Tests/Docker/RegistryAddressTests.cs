using Deploy.Recipes.Containers;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Docker;

/// <summary>The registry setting taken apart, and which registries are spoken to over plain HTTP.</summary>
public sealed class RegistryAddressTests
{
    [Test]
    public void A_namespace_goes_between_the_host_and_the_image_name()
    {
        var registry = RegistryAddress.Parse("registry.example.com:5000/team/web");

        Assert.That(registry.Host, Is.EqualTo("registry.example.com:5000"));
        Assert.That(registry.PathOf("shop"), Is.EqualTo("team/web/shop"));
        Assert.That(registry.RepositoryOf("shop"), Is.EqualTo("registry.example.com:5000/team/web/shop"));
    }

    [TestCase("127.0.0.1:5000", true)]
    [TestCase("127.0.0.9", true)]
    [TestCase("localhost:5000", true)]
    [TestCase("[::1]:5000", true)]
    [TestCase("registry.example.com", false)]
    [TestCase("10.0.0.1:5000", false)]
    public void Only_a_loopback_registry_is_spoken_to_over_http(string registry, bool loopback)
    {
        var address = RegistryAddress.Parse(registry);

        Assert.That(address.IsLoopback, Is.EqualTo(loopback));
        Assert.That(address.ApiRoot.Scheme, Is.EqualTo(loopback ? "http" : "https"));
    }

    [Test]
    public void A_full_repository_splits_into_its_registry_and_path()
    {
        var (registry, path) = RegistryAddress.OfRepository("127.0.0.1:5000/team/shop");

        Assert.That(registry.Host, Is.EqualTo("127.0.0.1:5000"));
        Assert.That(path, Is.EqualTo("team/shop"));
    }
}
