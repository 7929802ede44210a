using System.Text.RegularExpressions;

namespace Deploy.Recipes.Containers;

/// <summary>
/// The labels every release container carries, and its name: what Status, Down and pruning find containers by, so they
/// only ever touch this app's containers of this environment (never another environment's, never someone else's).
/// </summary>
public static partial class ContainerLabels
{
    /// <summary>The app's name (its project name).</summary>
    public const string App = "deploy-recipes.app";

    /// <summary>The environment the container serves.</summary>
    public const string Environment = "deploy-recipes.environment";

    /// <summary>The slot it runs in (blue or green).</summary>
    public const string Slot = "deploy-recipes.slot";

    /// <summary>The release id.</summary>
    public const string Release = "deploy-recipes.release";

    /// <summary>The version the release reports.</summary>
    public const string Version = "deploy-recipes.version";

    /// <summary>The target host that started it (its name in the target, e.g. <c>deploy@web1:22</c>, or <c>local</c>).</summary>
    public const string Host = "deploy-recipes.host";

    /// <summary>The labels of a release container started by the target host <paramref name="host"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string app, string environment, string slot, string release, string version, string host) =>
        new Dictionary<string, string>
        {
            [App] = app,
            [Environment] = environment,
            [Slot] = slot,
            [Release] = release,
            [Version] = version,
            [Host] = host,
        };

    /// <summary>
    /// The container's name: <c>&lt;app&gt;-&lt;environment&gt;-&lt;slot&gt;-&lt;release&gt;</c>, then <c>-&lt;host&gt;</c> for a
    /// fleet host, in lower case, with anything Docker refuses in a name (it allows <c>[a-zA-Z0-9][a-zA-Z0-9_.-]</c>) made
    /// a '-'. One name per release per slot per host, so a re-run finds the container it started, and two hosts whose
    /// <c>docker-host</c> is one shared daemon never take (or stop, or remove) each other's containers.
    /// </summary>
    public static string Name(string app, string environment, string slot, string release, string host) =>
        NotAllowed().Replace(
            $"{app}-{environment}-{slot}-{release}{(host == Targets.Local.LocalTarget.HostName ? "" : "-" + host)}".ToLowerInvariant(), "-").TrimStart('-', '.', '_');

    /// <summary>
    /// True when <paramref name="labels"/> say the container was started by <paramref name="host"/>. A container without
    /// the host label (started before the label existed) counts as the host's whose daemon holds it.
    /// </summary>
    public static bool StartedBy(IReadOnlyDictionary<string, string> labels, string host) =>
        !labels.TryGetValue(Host, out var startedBy) || startedBy == host;

    [GeneratedRegex("[^a-z0-9_.-]")]
    private static partial Regex NotAllowed();
}
