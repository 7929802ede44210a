using Deploy.Recipes.Containers;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Containers;

public sealed class ContainerSlotTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static ContainerSlot Slot(string dockerHost = "") =>
        ContainerSlot.For(
            new DeploySettings { App = "Shop", Environment = "staging", DockerHost = dockerHost, RestartPolicy = "unless-stopped" },
            "local",
            "blue",
            new InstalledRelease("1.0.0-01234567", new ReleaseManifest("Shop", "1.0.0", "abc", DateTimeOffset.UnixEpoch, "Release", 3, "abc123", new ContainerImage("127.0.0.1:5000/shop", "1.0.0", Digest)), ""),
            41234,
            "/srv/app/.deploy/staging/data");

    [Test]
    public void Run_is_detached_on_the_host_network_labelled_with_the_data_folder_mounted_and_the_environment_on_standard_input()
    {
        Assert.That(Slot().RunArguments(), Is.EqualTo(new[]
        {
            "docker", "run", "--name", "shop-staging-blue-1.0.0-01234567", "--detach", "--network", "host", "--restart", "unless-stopped",
            "--label", "deploy-recipes.app=Shop", "--label", "deploy-recipes.environment=staging", "--label", "deploy-recipes.host=local", "--label", "deploy-recipes.release=1.0.0-01234567",
            "--label", "deploy-recipes.slot=blue", "--label", "deploy-recipes.version=1.0.0",
            "--volume", "/srv/app/.deploy/staging/data:/srv/app/.deploy/staging/data", "--env-file", "/dev/stdin",
            $"127.0.0.1:5000/shop@{Digest}",
        }));
    }

    [Test]
    public void Every_command_names_the_docker_host_when_one_is_set()
    {
        var slot = Slot("unix:///run/test/docker.sock");

        foreach (var argv in new[] { slot.RunArguments(), slot.StopArguments(), slot.LogArguments(), ContainerSlot.InspectArguments(slot.DockerHost, slot.Name), ContainerSlot.RemoveArguments(slot.DockerHost, slot.Name) })
            Assert.That(argv.Take(3), Is.EqualTo(new[] { "docker", "--host", "unix:///run/test/docker.sock" }), string.Join(' ', argv));
    }

    [Test]
    public void The_edge_is_handed_the_port_the_name_a_stop_after_ten_seconds_and_a_log_command_with_the_lines_placeholder()
    {
        var backend = Slot().Backend();

        Assert.That(backend.Port, Is.EqualTo(41234));
        Assert.That(backend.Name, Is.EqualTo("shop-staging-blue-1.0.0-01234567"));
        Assert.That(backend.StopCommand, Is.EqualTo(new[] { "docker", "stop", "--time", "10", "shop-staging-blue-1.0.0-01234567" }));
        Assert.That(backend.LogCommand, Is.EqualTo(new[] { "docker", "logs", "--tail", "{lines}", "shop-staging-blue-1.0.0-01234567" }));
    }

    [Test]
    public void A_folder_release_has_no_container()
    {
        Assert.Throws<ArgumentException>(() => ContainerSlot.For(new DeploySettings { App = "Shop", Environment = "staging" }, "local", "blue",
            new InstalledRelease("1.0.0-01234567", new ReleaseManifest("Shop", "1.0.0", "abc", DateTimeOffset.UnixEpoch, "Release", 3, "abc123"), "/releases/x"), 1, "/data"));
    }
}
