using Deploy.Recipes.Docker;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Containers;

/// <summary>
/// A release's container in a slot of one host, and the docker commands that run, end, read and remove it: the same
/// argv whether the recipe runs them on the host or the edge does (stop after a drain, logs for the slot log).
/// </summary>
/// <param name="Name">The container's name (<see cref="ContainerLabels.Name"/>).</param>
/// <param name="Image">The image it runs, by digest.</param>
/// <param name="Labels">Its labels (<see cref="ContainerLabels.For"/>).</param>
/// <param name="Port">The loopback port it listens on (the host network is shared, so this is the host's port).</param>
/// <param name="DataDirectory">The environment's data folder on the host, mounted at the same path.</param>
/// <param name="DockerHost">The docker CLI's <c>--host</c> (empty: the CLI's default).</param>
/// <param name="RestartPolicy">Docker's restart policy for it.</param>
public sealed record ContainerSlot(
    string Name, ContainerImage Image, IReadOnlyDictionary<string, string> Labels, int Port, string DataDirectory, string DockerHost, string RestartPolicy)
{
    /// <summary>How long <c>docker stop</c> waits after SIGTERM before it kills the app (the edge has drained it already).</summary>
    public const int StopSeconds = 10;

    /// <summary>The container of <paramref name="release"/> in <paramref name="slot"/> on the target host named <paramref name="host"/>.</summary>
    public static ContainerSlot For(DeploySettings settings, string host, string slot, InstalledRelease release, int port, string dataDirectory)
    {
        var image = release.Manifest.Image ?? throw new ArgumentException($"Release {release.Id} has no image: it is a folder release.", nameof(release));
        // The manifest's app name (the project's name, e.g. Shop), not the app setting, which may be a project path.
        var app = release.Manifest.App;
        return new ContainerSlot(
            ContainerLabels.Name(app, settings.Environment, slot, release.Id, host), image,
            ContainerLabels.For(app, settings.Environment, slot, release.Id, release.Manifest.Version, host),
            port, dataDirectory, settings.DockerHost, settings.RestartPolicy);
    }

    /// <summary>
    /// <c>docker run</c>: detached, on the host network (it binds 127.0.0.1:<see cref="Port"/> only, through
    /// ASPNETCORE_URLS), restarted by Docker per the policy, labelled, the data folder mounted at the same path (so
    /// <c>{data}</c> paths in app settings mean the same inside), its environment read from standard input.
    /// </summary>
    public IReadOnlyList<string> RunArguments() => Docker(DockerArguments.Run(new DockerRunSettings
    {
        Host = DockerHost,
        Name = Name,
        Detach = true,
        Network = "host",
        Restart = RestartPolicy,
        Labels = new Dictionary<string, string>(Labels),
        Volumes = [$"{DataDirectory}:{DataDirectory}"],
        EnvFile = "/dev/stdin",
    }, Image.Reference));

    /// <summary><c>docker stop</c>: ends the app (SIGTERM, then SIGKILL after <see cref="StopSeconds"/>); succeeds when it already ended.</summary>
    public IReadOnlyList<string> StopArguments() => Docker(DockerArguments.Stop(new DockerStopSettings { Host = DockerHost, Time = StopSeconds }, Name));

    /// <summary><c>docker logs</c> with the edge's <c>{lines}</c> placeholder for the count.</summary>
    public IReadOnlyList<string> LogArguments() => LogArguments(DockerHost, Name, "{lines}");

    /// <summary>What the edge is handed: the port to route to, and how to end the container and read its log.</summary>
    public SlotBackend Backend() => new(Port, Name, StopArguments(), LogArguments());

    /// <summary><c>docker logs --tail N</c> of a container.</summary>
    public static IReadOnlyList<string> LogArguments(string dockerHost, string name, int lines) => LogArguments(dockerHost, name, lines.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary><c>docker rm --force</c>: removes a container that should not be there, running or not.</summary>
    public static IReadOnlyList<string> RemoveArguments(string dockerHost, string name) => Docker(DockerArguments.Rm(new DockerRmSettings { Host = dockerHost, Force = true }, name));

    /// <summary><c>docker inspect</c> of a container, as JSON.</summary>
    public static IReadOnlyList<string> InspectArguments(string dockerHost, string name) =>
        Docker(DockerArguments.Inspect(new DockerInspectSettings { Host = dockerHost, Type = "container" }, name));

    // The tail count goes in as text so the edge's "{lines}" placeholder can stand where a number would.
    private static IReadOnlyList<string> LogArguments(string dockerHost, string name, string tail)
    {
        var argv = Docker(DockerArguments.Logs(new DockerLogsSettings { Host = dockerHost, Tail = 1 }, name)).ToList();
        argv[argv.IndexOf("--tail") + 1] = tail;
        return argv;
    }

    private static IReadOnlyList<string> Docker(IReadOnlyList<string> argv) => ["docker", .. argv];
}
