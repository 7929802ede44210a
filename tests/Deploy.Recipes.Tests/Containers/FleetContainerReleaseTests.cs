using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Fleet;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Containers;

/// <summary>
/// artifact=image on three "servers" (real sshd on 127.0.0.60-62, each its own user and home) through ./build.sh:
/// every host pulls the packaged digest from the loopback registry with the credentials and runs it, and a rolling
/// release under customer load fails no request. The three hosts share the tests' one dockerd (<c>docker-host</c>),
/// as hosts pointed at one daemon would: each host's containers carry its name, so no host takes, stops or prunes
/// another's.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class FleetContainerReleaseTests
{
    private const int FirstAddress = 60;
    private const string ImageName = "fleet-shop";
    private const string V1 = "1.0.0";
    private const string V2 = "2.0.0";
    private LoopbackFleet fleet = null!;
    private FleetEnvironment production = null!;
    private HashSet<string> containersBefore = null!;
    private readonly Dictionary<string, ContainerImage> images = [];

    [OneTimeSetUp]
    public void PackageTwoImagesAndStartTheFleet()
    {
        TestDocker.Ensure();
        containersBefore = Containers("--all").ToHashSet();
        foreach (var version in new[] { V1, V2 })
        {
            var package = ImagePackaging.Package(RepositoryCopy.Path, Folder(version), version, $"--image-name={ImageName}");
            Assert.That(package.Run.ExitCode, Is.EqualTo(0), package.Run.All);
            images[version] = package.Manifest!.Image!;
        }
        fleet = LoopbackFleet.Start(3, FirstAddress);
        production = new FleetEnvironment(fleet, variables: TestDocker.RecipeEnvironment());
    }

    [OneTimeTearDown]
    public void TakeDownTheFleetAndRemoveItsContainers()
    {
        production?.Dispose();
        fleet?.Dispose();
        var made = Containers("--all").Where(id => !containersBefore.Contains(id)).ToArray();
        if (made.Length > 0)
            TestDocker.Docker(["rm", "--force", .. made]);
    }

    [Test]
    public async Task Every_host_runs_the_digest_and_a_rolling_release_under_load_fails_no_request()
    {
        var first = Deploy(V1);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.All);
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { V1, V1, V1 }));
        Assert.That(first.All, Does.Not.Contain(TestDocker.Password));
        // The hosts share one daemon here: the first to get there pulls, the others find the image it pulled.
        var reference = Regex.Escape(images[V1].Reference);
        Assert.That(first.Out, Does.Match($"pulled image {reference}"), first.Out);
        foreach (var host in fleet.Hosts)
            Assert.That(first.Out, Does.Match($"Host {Regex.Escape(host.Target)}: (pulled image|already holds image) {reference}"), first.Out);
        AssertOneContainerPerHost(V1);

        var started = DateTimeOffset.UtcNow;
        var (rolling, requests, failures, samples) = await production.UnderCustomerLoadAsync(
            () => Deploy(V2, "--strategy=rolling", "--batch-size=1", "--wave-verify-time=2"));

        Assert.That(rolling.ExitCode, Is.EqualTo(0), rolling.All);
        Assert.That(requests, Is.GreaterThan(100));
        Assert.That(failures, Is.EqualTo(0), "failed requests: " + string.Join("; ", samples));
        Assert.That(await production.VersionsAsync(), Is.EqualTo(new[] { V2, V2, V2 }));
        var switches = production.Audit().Where(r => r.Step == "Deploy/switch" && r.Outcome == "succeeded" && r.Release?.StartsWith(V2) == true && r.Time >= started)
            .Select(r => r.Host).ToList();
        Assert.That(switches, Is.EqualTo(fleet.Hosts.Select(h => h.Target)), "one wave per host, in host order");
        AssertOneContainerPerHost(V2);

        var status = production.Build("--target=Status");
        Assert.That(status.ExitCode, Is.EqualTo(0), status.All);
        Assert.That(status.Out, Does.Contain($"all 3 hosts serve {V2}"), status.Out);
        foreach (var host in fleet.Hosts)
            Assert.That(status.Out, Does.Match($@"Container\s+{Regex.Escape(host.Target)}\s+\w+\s+\S+\s+id [0-9a-f]{{12}}\s+running.*image \S+@{images[V2].Digest}"), status.Out);
    }

    // On each host exactly one running container of the environment, of the version, with that host's label and a
    // name no other host has.
    private void AssertOneContainerPerHost(string version)
    {
        var running = TestDocker.Docker("ps", "--filter", $"label=deploy-recipes.app=Shop", "--filter", $"label=deploy-recipes.environment={production.Name}",
                "--format", "{{.Names}} {{.Label \"deploy-recipes.host\"}} {{.Label \"deploy-recipes.version\"}}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        foreach (var host in fleet.Hosts)
        {
            var mine = running.Where(c => c[1] == host.Target && c[2] == version).ToList();
            Assert.That(mine, Has.Count.EqualTo(1), $"{host.Target} runs one {version} container: " + string.Join("; ", running.Select(c => string.Join(' ', c))));
            Assert.That(TestDocker.Docker("inspect", "--format", "{{.Config.Image}}", mine[0][0]), Is.EqualTo(images[version].Reference), "it runs the packaged digest");
        }
        Assert.That(running.Select(c => c[0]).Distinct().Count(), Is.EqualTo(running.Count), "no two hosts share a container name");
    }

    private ProcessRun Deploy(string version, params string[] more) =>
        production.Build(["--target=Deploy", "--prebuilt", $"--artifacts=artifacts/{Folder(version)}", "--artifact=image", $"--image-name={ImageName}",
            .. FleetEnvironment.ShopOnAFleet, .. more]);

    private static string Folder(string version) => $"fleet-image-v{version}";

    private static IReadOnlyList<string> Containers(params string[] options) =>
        TestDocker.Docker(["ps", "--quiet", "--no-trunc", "--filter", "label=deploy-recipes.app=Shop", .. options]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
