using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Flags;

/// <summary>
/// Where an environment's feature flags live on each host: <c>feature-flags.json</c> in the environment's data folder.
/// Every release the recipe starts is told the path in <see cref="Variable"/>; an app adds that file to its
/// configuration with reload on change, so a flag changed there reaches it without a restart.
/// </summary>
public static class FeatureFlagsFile
{
    /// <summary>The file's name in the data folder.</summary>
    public const string Name = "feature-flags.json";

    /// <summary>The environment variable that carries the file's path to every release.</summary>
    public const string Variable = "DEPLOY_FEATURE_FLAGS";

    /// <summary>The file's path on <paramref name="host"/> (both targets' hosts use '/' paths on Linux).</summary>
    public static string PathOn(ITargetHost host) => $"{host.DataDirectory.TrimEnd('/')}/{Name}";

    /// <summary>
    /// <paramref name="environment"/> with <see cref="Variable"/> added for <paramref name="host"/>, unless the app
    /// settings already set it (the app's choice wins).
    /// </summary>
    public static IReadOnlyDictionary<string, string> AddTo(IReadOnlyDictionary<string, string> environment, ITargetHost host)
    {
        if (environment.ContainsKey(Variable))
            return environment;
        return new Dictionary<string, string>(environment, StringComparer.Ordinal) { [Variable] = PathOn(host) };
    }
}
