using System.Runtime.Versioning;
using Deploy.Recipes.Containers;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;
using Deploy.Recipes.Targets.Local;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tasks;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;
using static Deploy.Recipes.Releases.ReleaseOutcome;

namespace Deploy.Recipes.Tests.Containers;

/// <summary>
/// <see cref="ContainerPrune"/> against the test dockerd with two environments sharing it (keep-releases=2): staging
/// released r1..r4, production runs r1 (the same image as staging's oldest) with p0 as its rollback target and no
/// container for it. Staging's prune removes its own r1 and r2 containers and the r2 image, and nothing else: not
/// production's container, not r1 (production's container uses it), not p0 (production's rollback image, Kamal #1922),
/// not r3 (staging's rollback image, Kamal #270). The images are tiny imported file systems pushed to the test registry,
/// the containers made with <c>docker create</c> and the app's labels.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class PruneOnDockerTests
{
    private const string App = "PruneShop";
    private TemporaryFolder repository = null!;
    private string imageRepository = null!;
    private readonly Dictionary<string, string> digests = [];
    private (int Exit, CapturingConsole Console) first;
    private (int Exit, CapturingConsole Console) second;

    [OneTimeSetUp]
    public void ReleaseFourTimesToStagingAndPruneTwice()
    {
        TestDocker.Ensure();
        repository = new TemporaryFolder("deploy-prune-docker-");
        imageRepository = $"{TestDocker.Registry}/prune-{Guid.NewGuid().ToString("N")[..8]}";
        foreach (var release in new[] { "p0", "r1", "r2", "r3", "r4" })
            digests[release] = PushImage(release);
        foreach (var release in new[] { "r1", "r2", "r3", "r4" })
            CreateContainer("staging", release);
        CreateContainer("production", "r1");

        var state = Path.Combine(repository.Path, ".deploy");
        WriteHistory(Path.Combine(state, "production", "releases.json"), ("p0", Superseded), ("r1", Live));
        WriteHistory(Path.Combine(state, "staging", "releases.json"), ("r1", Superseded), ("r2", Superseded), ("r3", Superseded), ("r4", Live));

        first = Prune();
        second = Prune();
    }

    [OneTimeTearDown]
    public void RemoveWhatTheTestMade()
    {
        if (imageRepository != null)
        {
            foreach (var id in TestDocker.Docker("ps", "--all", "--quiet", "--filter", $"label={ContainerLabels.App}={App}").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                TestDocker.DockerRun(null, "rm", "--force", id);
            foreach (var image in ImagesLeft())
                TestDocker.DockerRun(null, "image", "rm", "--force", image);
        }

        repository?.Dispose();
    }

    [Test]
    public void Staging_loses_its_stopped_containers_beyond_keep_releases_and_production_keeps_its_own()
    {
        Assert.That(first.Exit, Is.Zero, first.Console.All);
        Assert.That(ContainersLeft(), Is.EquivalentTo(new[] { Name("staging", "r3"), Name("staging", "r4"), Name("production", "r1") }));
    }

    [Test]
    public void Only_the_image_nothing_uses_or_keeps_goes_the_rollback_images_of_both_environments_stay()
    {
        Assert.That(first.Exit, Is.Zero, first.Console.All);
        Assert.That(ImagesLeft(), Is.EquivalentTo(new[] { "p0", "r1", "r3", "r4" }.Select(r => $"{imageRepository}:{r}")));
        Assert.That(TestDocker.Docker("image", "ls", "--quiet", TestDocker.BaseImage), Is.Not.Empty, "another repository's image is untouched");
    }

    [Test]
    public void Each_removal_is_said_and_audited_and_a_second_prune_removes_nothing()
    {
        Assert.That(first.Console.All, Does.Contain($"Removed container {Name("staging", "r1")}").And.Contain($"Removed container {Name("staging", "r2")}")
            .And.Contain($"Removed image {imageRepository}@{digests["r2"]}"));
        var audit = File.ReadAllText(Path.Combine(repository.Path, ".deploy", "audit", "staging.jsonl"));
        Assert.That(audit, Does.Contain("Deploy/prune-containers").And.Contain(digests["r2"]));
        Assert.That(second.Exit, Is.Zero, second.Console.All);
        Assert.That(second.Console.All, Does.Not.Contain("Removed "));
    }

    private (int Exit, CapturingConsole Console) Prune()
    {
        PruneTask.Body = async context =>
        {
            await using var target = new LocalTarget(context);
            var hosts = await target.OpenAsync(EdgeDemand.IfRunning, CancellationToken.None);
            var live = target.History.Live!;
            var manifest = new ReleaseManifest(App, live.Version, null, DateTimeOffset.UtcNow, "Release", 0, new string('0', 64),
                new ContainerImage(imageRepository, live.Version, digests[live.Version]));
            await ContainerPrune.RunAsync(context, target.History, hosts, new InstalledRelease(live.Id, manifest, repository.Path), CancellationToken.None);
        };
        var console = new CapturingConsole();
        var exit = new RecipeHost()
            .UseDeployRecipe(recipe =>
            {
                recipe.Environments["staging"] = new DeployEnvironment { PublicPort = FreePort.Next() };
                recipe.Environments["production"] = new DeployEnvironment { PublicPort = FreePort.Next() };
            })
            .AddTask<PruneTask>()
            .UseWorkingDirectory(repository.Path)
            .UseConsole(console)
            .UseEnvironmentVariables(_ => null)
            .Run(["--target=PruneContainers", "--environment=staging", "--keep-releases=2", $"--docker-host={TestDocker.DockerHost}"]);
        return (exit, console);
    }

    private string PushImage(string release)
    {
        var folder = Directory.CreateDirectory(Path.Combine(repository.Path, "image-" + release)).FullName;
        File.WriteAllText(Path.Combine(folder, "release.txt"), release);
        var tar = Path.Combine(repository.Path, release + ".tar");
        var packed = ProcessRun.Start("tar", ["-cf", tar, "-C", folder, "."], "/");
        Assert.That(packed.ExitCode, Is.Zero, packed.All);
        TestDocker.Docker("import", tar, $"{imageRepository}:{release}");
        TestDocker.Docker("push", "--quiet", $"{imageRepository}:{release}");
        var reference = TestDocker.Docker("image", "inspect", "--format", "{{index .RepoDigests 0}}", $"{imageRepository}:{release}");
        return reference[(reference.IndexOf('@') + 1)..];
    }

    private void CreateContainer(string environment, string release)
    {
        var labels = ContainerLabels.For(App, environment, "blue", Id(release), release, LocalTarget.HostName).SelectMany(l => new[] { "--label", $"{l.Key}={l.Value}" });
        TestDocker.Docker(["create", "--network", "none", "--name", Name(environment, release), .. labels, $"{imageRepository}@{digests[release]}", "/never-started"]);
    }

    private void WriteHistory(string file, params (string Release, string Outcome)[] records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var history = ReleaseHistory.Load(file);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var (release, outcome) in records)
            history.Add(new ReleaseRecord(Id(release), release, "blue", start = start.AddMinutes(1), outcome, null, "ci", Image: $"{imageRepository}@{digests[release]}"));
    }

    private List<string> ContainersLeft() =>
        TestDocker.Docker("ps", "--all", "--format", "{{.Names}}", "--filter", $"label={ContainerLabels.App}={App}").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private List<string> ImagesLeft() =>
        TestDocker.Docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", imageRepository).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private string Id(string release) => $"{release}-{digests[release]["sha256:".Length..][..8]}";

    private static string Name(string environment, string release) => ContainerLabels.Name(App, environment, "blue", release, LocalTarget.HostName);
}

/// <summary>The container prune alone, in a run that holds the environment's lock like a Deploy.</summary>
[TaskName("PruneContainers")]
[ChangesEnvironment]
internal sealed class PruneTask : AsyncRecipeTask<DeployContext>
{
    public static Func<DeployContext, Task> Body { get; set; } = _ => Task.CompletedTask;

    public override Task RunAsync(DeployContext context) => Body(context);
}
