using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets;

/// <summary>
/// Where an environment's releases run: one or more hosts, each with the edge in front of two slots. The strategies
/// (blue-green, rolling) are written against this seam only, the way Argo Rollouts writes its strategies against a
/// traffic router: <see cref="Local.LocalTarget"/> is this machine, <c>Ssh.SshTarget</c> a fleet of Linux servers.
/// The environment's definition chooses (see <c>ReleaseTargets.For</c>).
/// </summary>
public interface IReleaseTarget : IAsyncDisposable
{
    /// <summary>What kind of target: <c>local</c> or <c>ssh</c>.</summary>
    string Kind { get; }

    /// <summary>One line naming where releases run, for logs and Status (never holds a secret).</summary>
    string Description { get; }

    /// <summary>The names of the hosts, in the order the environment defines them (<c>local</c> on the local target).</summary>
    IReadOnlyList<string> HostNames { get; }

    /// <summary>The environment's release history (wherever this target keeps it).</summary>
    ReleaseHistory History { get; }

    /// <summary>Releases installed on the machine running the recipe: the source every host's copy comes from.</summary>
    ReleaseStore Store { get; }

    /// <summary>
    /// Fails, before anything changes, when a release could not be served: a public port taken by another process, a
    /// host that cannot be reached, an unknown or changed host key, a host without the .NET runtime.
    /// </summary>
    Task CheckCanServeAsync(CancellationToken cancel);

    /// <summary>
    /// Opens every host (in parallel where there are several) with its edge as <paramref name="demand"/> asks. A host
    /// that cannot be opened fails the call naming the host; the hosts already opened are disposed. The target owns the
    /// hosts it opened: disposing the target disposes them.
    /// </summary>
    Task<IReadOnlyList<ITargetHost>> OpenAsync(EdgeDemand demand, CancellationToken cancel);
}

/// <summary>What a task needs of the hosts' edges when it opens them.</summary>
public enum EdgeDemand
{
    /// <summary>Start the edge where none runs (Deploy).</summary>
    Start,

    /// <summary>The edge must already run; a host without one is an error naming it (Rollback, SmokeTest, maintenance).</summary>
    Running,

    /// <summary>
    /// Connect where an edge runs, restarting one that crashed (an outage); a host without one has a null
    /// <see cref="ITargetHost.Edge"/> (Status).
    /// </summary>
    IfRunning,

    /// <summary>
    /// Connect where an edge runs, but never start or restart one: a host without a running edge has a null
    /// <see cref="ITargetHost.Edge"/> (Down, which ends a crashed edge's releases instead of adopting them; the
    /// breaking-change gate, which only reads).
    /// </summary>
    AsFound,
}
