using System.Text.RegularExpressions;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Containers;

/// <summary>
/// The image settings checked before anything is built or deployed (<c>artifact=image</c> only): each problem names the
/// setting and what would be valid, and never echoes the registry password.
/// </summary>
public static partial class ImageSettingsCheck
{
    /// <summary>The restart policies Docker accepts.</summary>
    public const string RestartPolicies = "no, on-failure, on-failure:N (N a whole number), always, unless-stopped";

    /// <summary>Throws <see cref="RecipeUsageException"/> listing every problem with the image settings, if any.</summary>
    public static void Check(DeploySettings settings, string repository)
    {
        var problems = Problems(settings, relative => File.Exists(Path.GetFullPath(relative, repository)));
        if (problems.Count > 0)
            throw new RecipeUsageException(string.Join(Environment.NewLine, problems));
    }

    /// <summary>What is wrong with the image settings (empty when nothing is, or when the artifact is a folder).</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="dockerfileExists">Whether a path relative to the repository names an existing file.</param>
    public static IReadOnlyList<string> Problems(DeploySettings settings, Func<string, bool> dockerfileExists)
    {
        if (settings.Artifact != ArtifactKind.Image)
            return [];
        var problems = new List<string>();
        if (RegistryProblem(settings.Registry) is { } registry)
            problems.Add(registry);
        if (settings.ImageName.Length > 0 && ImageNameProblem(settings.ImageName, "image-name") is { } name)
            problems.Add(name);
        if (settings.Dockerfile.Length > 0 && !dockerfileExists(settings.Dockerfile))
            problems.Add($"Setting 'dockerfile' is '{settings.Dockerfile}', which is not a file in the repository: give the Dockerfile's path relative to the repository root, or leave it empty for the .NET SDK's builder.");
        if (!IsRestartPolicy(settings.RestartPolicy))
            problems.Add($"Setting 'restart-policy' is '{settings.RestartPolicy}': use one of {RestartPolicies}.");
        if (settings.RegistryPassword.Length > 0 && settings.RegistryUser.Length == 0)
            problems.Add("Setting 'registry-password' is set but 'registry-user' is empty: give the user the password belongs to (DEPLOY_REGISTRY_USER or --registry-user).");
        if (settings.RegistryUser.Length > 0 && settings.RegistryPassword.Length == 0)
            problems.Add($"Setting 'registry-user' is '{settings.RegistryUser}' but 'registry-password' is empty: give its password or token (DEPLOY_REGISTRY_PASSWORD; never on the command line).");
        return problems;
    }

    /// <summary>What is wrong with a <c>registry</c> value, or null.</summary>
    public static string? RegistryProblem(string registry)
    {
        const string Valid = "use host[:port][/namespace] without a scheme, e.g. 127.0.0.1:5000 or registry.example.com/team";
        if (registry.Length == 0)
            return $"Setting 'artifact' is image but 'registry' is empty: give the registry images are pushed to ({Valid}).";
        // Credentials written into the address are not echoed: they would be a secret in an error message.
        if (registry.Contains('@'))
            return "Setting 'registry' carries credentials ('user@' or 'user:password@'): give only host[:port][/namespace], and the credentials as registry-user and registry-password.";
        if (registry.Contains("://", StringComparison.Ordinal))
            return $"Setting 'registry' is '{registry}': {Valid} (a loopback registry is spoken to over HTTP, any other over HTTPS).";
        if (registry.Any(char.IsWhiteSpace))
            return $"Setting 'registry' is '{registry}', which holds spaces: {Valid}.";
        var address = RegistryAddress.Parse(registry);
        if (!RegistryHost().IsMatch(address.Host) || (address.Host.LastIndexOf(':') is var colon and > 0 && !address.Host.EndsWith(']')
            && !(int.TryParse(address.Host[(colon + 1)..], out var port) && port is >= 1 and <= 65535)))
            return $"Setting 'registry' is '{registry}': '{address.Host}' is not a host[:port] (port 1-65535); {Valid}.";
        if (address.Namespace.Length > 0 && !RepositoryPath().IsMatch(address.Namespace))
            return $"Setting 'registry' is '{registry}': the namespace '{address.Namespace}' is not valid; use lower-case letters, digits and '.', '_', '-' between them, parts separated by '/'.";
        return null;
    }

    /// <summary>What is wrong with an image name (<paramref name="setting"/> names where it came from), or null.</summary>
    public static string? ImageNameProblem(string name, string setting) =>
        name.Length <= 200 && RepositoryPath().IsMatch(name)
            ? null
            : $"Setting '{setting}' is '{name}', which Docker refuses as an image name: use lower-case letters and digits, with '.', '_', '__' or '-' only between them, and '/' between parts (e.g. shop or team/shop), at most 200 characters.";

    /// <summary>True for a restart policy Docker accepts.</summary>
    public static bool IsRestartPolicy(string policy) => RestartPolicy().IsMatch(policy);

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$")]
    private static partial Regex RegistryHost();

    // Docker's reference grammar for a repository path: components of [a-z0-9]+ joined by '.', '_', '__' or '-'s, separated by '/'.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^(?:no|always|unless-stopped|on-failure(?::[0-9]+)?)$")]
    private static partial Regex RestartPolicy();
}
