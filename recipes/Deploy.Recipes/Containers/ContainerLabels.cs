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

    /// <summary>The labels of a release container.</summary>
    public static IReadOnlyDictionary<string, string> For(string app, string environment, string slot, string release, string version) =>
        new Dictionary<string, string>
        {
            [App] = app,
            [Environment] = environment,
            [Slot] = slot,
            [Release] = release,
            [Version] = version,
        };

    /// <summary>
    /// The container's name: <c>&lt;app&gt;-&lt;environment&gt;-&lt;slot&gt;-&lt;release&gt;</c> in lower case, with anything Docker
    /// refuses in a name (it allows <c>[a-zA-Z0-9][a-zA-Z0-9_.-]</c>) made a '-'. One name per release per slot, so a
    /// re-run finds the container it started.
    /// </summary>
    public static string Name(string app, string environment, string slot, string release) =>
        NotAllowed().Replace($"{app}-{environment}-{slot}-{release}".ToLowerInvariant(), "-").TrimStart('-', '.', '_');

    [GeneratedRegex("[^a-z0-9_.-]")]
    private static partial Regex NotAllowed();
}
