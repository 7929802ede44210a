using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Containers;

/// <summary>
/// The environment's one ASP.NET Core data-protection key folder, shared by every release: a release that made its own
/// keys would sign every customer out at a switch (their cookies were protected with the previous release's keys) and
/// break antiforgery tokens. It lives in the environment's data folder, so a container sees it at the same path (the
/// data folder is mounted), and the app is told where through configuration, for container and folder releases alike.
/// </summary>
public static class DataProtectionKeys
{
    /// <summary>The folder's name in the data folder.</summary>
    public const string FolderName = "data-protection-keys";

    /// <summary>The environment variable an ASP.NET Core app reads as <c>DataProtection:KeysDirectory</c>.</summary>
    public const string Variable = "DataProtection__KeysDirectory";

    /// <summary>The key folder in <paramref name="dataDirectory"/> (a path on the host, which is always Linux or this machine).</summary>
    public static string FolderIn(string dataDirectory) => $"{dataDirectory.TrimEnd('/')}/{FolderName}";

    /// <summary>
    /// <paramref name="environment"/> with <see cref="Variable"/> naming the key folder, unless an app setting already
    /// chose one (the team's own choice wins).
    /// </summary>
    public static IReadOnlyDictionary<string, string> AddTo(IReadOnlyDictionary<string, string> environment, string dataDirectory)
    {
        if (environment.ContainsKey(Variable))
            return environment;
        return new Dictionary<string, string>(environment, StringComparer.Ordinal) { [Variable] = FolderIn(dataDirectory) };
    }

    /// <summary>
    /// Makes the key folder on <paramref name="host"/> before a release starts, so the first release finds it and a
    /// container does not get one made by the Docker daemon. Safe to re-run.
    /// </summary>
    public static async Task EnsureAsync(ITargetHost host, CancellationToken cancel)
    {
        var folder = FolderIn(host.DataDirectory);
        var made = await host.RunAsync(new HostCommand(["mkdir", "-p", folder]), cancel);
        if (made.ExitCode != 0)
            throw new InvalidOperationException($"Could not make the data-protection key folder {folder} on host {host.Name}: {made.Error.Trim()}");
    }
}
