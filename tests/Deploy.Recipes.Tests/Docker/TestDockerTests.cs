using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Docker;

/// <summary>The run's test daemon, registry and base image work as the container tests rely on.</summary>
public sealed class TestDockerTests
{
    [Test]
    public void The_base_image_from_the_registry_runs_the_machines_aspnetcore_runtime_on_the_host_network()
    {
        var output = TestDocker.Docker("run", "--rm", "--network", "host", "--pull", "always", TestDocker.BaseImage, "dotnet", "--list-runtimes");

        Assert.That(output, Does.Contain("Microsoft.AspNetCore.App"));
    }

    [Test]
    public void The_registry_refuses_a_pull_without_credentials()
    {
        using var anonymous = new TemporaryFolder();

        var pull = TestDocker.DockerRun(null, "--config", anonymous.Path, "pull", TestDocker.BaseImage);

        Assert.That(pull.ExitCode, Is.Not.EqualTo(0));
        Assert.That(pull.All, Does.Contain("no basic auth credentials").Or.Contain("unauthorized"));
    }
}
