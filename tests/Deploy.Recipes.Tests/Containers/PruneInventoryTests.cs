using Deploy.Recipes.Containers;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Containers;

/// <summary>A host's containers and images read from <c>docker inspect</c>'s JSON, as pruning judges them.</summary>
public sealed class PruneInventoryTests
{
    [Test]
    public void Containers_and_images_are_read_with_labels_state_image_id_and_references()
    {
        const string containers = """
            [{"Id":"c1full","Created":"2026-11-28T04:30:00.123456789Z","Name":"/shop-staging-blue-1.0-abcd1234",
              "State":{"Status":"exited","Running":false},"Image":"sha256:img1",
              "Config":{"Labels":{"deploy-recipes.app":"shop","deploy-recipes.environment":"staging"}}},
             {"Id":"c2full","Created":"2026-11-28T04:31:00Z","Name":"/plain","State":{"Status":"running"},"Image":"sha256:img2","Config":{"Labels":null}}]
            """;
        const string images = """
            [{"Id":"sha256:img1","RepoTags":["127.0.0.1:5000/shop:1.0"],"RepoDigests":["127.0.0.1:5000/shop@sha256:d1"],"Created":"2026-11-28T04:00:00Z"},
             {"Id":"sha256:img2","RepoTags":null,"RepoDigests":[],"Created":"2026-11-28T04:00:00Z"}]
            """;

        var inventory = ContainerInventoryReading.Parse(containers, images);

        var first = inventory.Containers[0];
        Assert.That((first.Id, first.Name, first.State, first.ImageId, first.Stopped), Is.EqualTo(("c1full", "shop-staging-blue-1.0-abcd1234", "exited", "sha256:img1", true)));
        Assert.That(first.Label(ContainerLabels.Environment), Is.EqualTo("staging"));
        Assert.That(first.Created, Is.EqualTo(new DateTimeOffset(2026, 11, 28, 4, 30, 0, 123, TimeSpan.Zero)).Within(TimeSpan.FromMilliseconds(1)), "Docker gives nanoseconds");
        Assert.That(inventory.Containers[1].Labels, Is.Empty);
        Assert.That(inventory.Images[0].Repositories, Is.EqualTo(new[] { "127.0.0.1:5000/shop" }));
        Assert.That(inventory.Images[1].Repositories, Is.Empty, "a dangling image names no repository");
    }
}
