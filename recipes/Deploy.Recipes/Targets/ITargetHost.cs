using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets;

/// <summary>One host of a target: a place where the edge runs two slots of the environment's releases.</summary>
public interface ITargetHost : IAsyncDisposable
{
    /// <summary>The host's name in logs, Status and the audit (<c>local</c>, or <c>user@address:port</c>).</summary>
    string Name { get; }

    /// <summary>The URL customers reach this host's edge on.</summary>
    Uri PublicUrl { get; }

    /// <summary>The host's edge, or null when none runs and the host was opened with <see cref="EdgeDemand.IfRunning"/>.</summary>
    ITrafficEdge? Edge { get; }

    /// <summary>The environment's data folder on this host: what <c>{data}</c> in app settings becomes there.</summary>
    string DataDirectory { get; }

    /// <summary>How this host's edge took over from one that had died, if it did.</summary>
    EdgeRecovery? LastRecovery { get; }

    /// <summary>
    /// Makes <paramref name="release"/> (installed on the machine running the recipe) available on this host and
    /// returns it as the host sees it (its <see cref="InstalledRelease.AppDirectory"/> is a path on the host). Safe to
    /// re-run: a host that already holds the release with the same digest gets nothing again.
    /// </summary>
    Task<InstalledRelease> PlaceAsync(InstalledRelease release, CancellationToken cancel);

    /// <summary>
    /// The text of the file <paramref name="name"/> in <see cref="DataDirectory"/> on this host, or null when there is
    /// none (the feature-flags file: small files the running releases read).
    /// </summary>
    Task<string?> ReadDataFileAsync(string name, CancellationToken cancel);

    /// <summary>
    /// Writes the file <paramref name="name"/> in <see cref="DataDirectory"/> on this host whole: written aside and
    /// renamed over the old one, so a release watching it never reads half a file.
    /// </summary>
    Task WriteDataFileAsync(string name, string text, CancellationToken cancel);

    /// <summary>
    /// Runs a program on this host (the <c>docker</c> CLI, for container releases) and returns what it printed and its
    /// exit code; a non-zero exit is returned, not thrown. Throws naming the host when the program cannot be started, the
    /// host cannot be reached, or it runs longer than <see cref="HostCommand.Timeout"/> (it is then ended).
    /// </summary>
    Task<HostCommandResult> RunAsync(HostCommand command, CancellationToken cancel);

    /// <summary>Stops the host's edge and every release process it runs; true when one was running (Down).</summary>
    Task<bool> StopEdgeAsync(TimeSpan timeout);
}
