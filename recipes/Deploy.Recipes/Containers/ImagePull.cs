using Deploy.Recipes.Docker;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Containers;

/// <summary>
/// Gets a release's image onto a host by digest before it runs there. An image already on the host is not pulled again;
/// otherwise, with credentials, the host's <c>docker</c> logs in with a private temporary client configuration (made
/// with <c>mktemp -d</c> on the host, the password on standard input) that is removed afterwards, so no credential
/// stays on the host. Safe to re-run.
/// </summary>
public static class ImagePull
{
    /// <summary>How long a pull may take on a host.</summary>
    public static readonly TimeSpan PullTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Makes <paramref name="image"/> (pulled as <c>repository@digest</c>) present on <paramref name="host"/>; true when it
    /// was pulled, false when it was there already. Errors name the host and the image, never the password.
    /// </summary>
    public static async Task<bool> OnHostAsync(ITargetHost host, ContainerImage image, DeploySettings settings, CancellationToken cancel)
    {
        var docker = settings.DockerHost.Length > 0 ? settings.DockerHost : null;
        var present = await host.RunAsync(new HostCommand(Docker(DockerArguments.Inspect(new DockerInspectSettings { Host = docker, Type = "image", Format = "{{.Id}}" }, image.Reference))), cancel);
        if (present.ExitCode == 0)
            return false;

        string? config = null;
        try
        {
            if (settings.RegistryUser.Length > 0)
            {
                var made = await host.RunAsync(new HostCommand(["mktemp", "-d", "-t", "deploy-recipes-docker-config.XXXXXXXX"]), cancel);
                config = made.Output.Trim();
                if (made.ExitCode != 0 || config.Length == 0)
                    throw new InvalidOperationException($"Host {host.Name}: could not make a temporary Docker client folder to pull {image.Reference} (mktemp: {Reason(made)}).");
                var server = RegistryAddress.OfRepository(image.Repository).Registry.Host;
                var login = await host.RunAsync(new HostCommand(
                    Docker(DockerArguments.Login(new DockerLoginSettings { Host = docker, Config = config, Server = server, Username = settings.RegistryUser })),
                    StandardInput: settings.RegistryPassword), cancel);
                if (login.ExitCode != 0)
                    throw new InvalidOperationException(
                        $"Host {host.Name}: docker login to {server} as '{settings.RegistryUser}' failed before pulling {image.Reference}: {Mask(Reason(login), settings)}");
            }
            var pull = await host.RunAsync(new HostCommand(
                Docker(DockerArguments.Pull(new DockerPullSettings { Host = docker, Config = config, Quiet = true }, image.Reference)), Timeout: PullTimeout), cancel);
            if (pull.ExitCode != 0)
                throw new InvalidOperationException($"Host {host.Name}: docker pull {image.Reference} failed: {Mask(Reason(pull), settings)}");
            return true;
        }
        finally
        {
            if (config != null)
                await host.RunAsync(new HostCommand(["rm", "-rf", "--", config]), CancellationToken.None);
        }
    }

    private static string[] Docker(IReadOnlyList<string> argv) => ["docker", .. argv];

    private static string Reason(HostCommandResult result)
    {
        var text = (result.Error.Trim().Length > 0 ? result.Error : result.Output).Trim();
        return text.Length == 0 ? $"exit code {result.ExitCode}" : string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5));
    }

    // Docker never prints the password; masked anyway, since this text reaches logs and the audit.
    private static string Mask(string text, DeploySettings settings) =>
        settings.RegistryPassword.Length > 0 ? text.Replace(settings.RegistryPassword, "***", StringComparison.Ordinal) : text;
}
