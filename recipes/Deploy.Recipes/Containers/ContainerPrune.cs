using Cake.Common.Diagnostics;
using Deploy.Recipes.Docker;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Containers;

/// <summary>
/// After an image release went live: on every host, removes what <see cref="ContainerPruning"/> judges this app and
/// environment no longer needs (<c>docker rm</c> of stopped containers, <c>docker image rm</c> by id), and says and
/// audits what went. The release is live by then: a host where Docker cannot be read or refuses a removal gets a
/// warning, never a failed release (old images cost disk, a wrong removal costs a rollback).
/// </summary>
public static class ContainerPrune
{
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Prunes every host for <paramref name="release"/>'s environment; nothing for a folder release.</summary>
    /// <param name="context">The run (settings, audit, log).</param>
    /// <param name="history">The environment's history as this run leaves it.</param>
    /// <param name="hosts">The target's hosts.</param>
    /// <param name="release">The release that just went live.</param>
    /// <param name="cancel">Cancels the pruning.</param>
    /// <returns>How many containers and images were removed across the hosts.</returns>
    public static async Task<(int Containers, int Images)> RunAsync(
        DeployContext context, ReleaseHistory history, IReadOnlyList<ITargetHost> hosts, InstalledRelease release, CancellationToken cancel)
    {
        if (release.Manifest.Image is not { } image)
            return (0, 0);
        var settings = context.Settings;
        var histories = OtherHistories(context);
        histories[settings.Environment] = history.Records;
        var results = await Task.WhenAll(hosts.Select(host => PruneHostAsync(context, host, release, image.Repository, histories, cancel)));
        return (results.Sum(r => r.Containers), results.Sum(r => r.Images));
    }

    private static async Task<(int Containers, int Images)> PruneHostAsync(
        DeployContext context, ITargetHost host, InstalledRelease release, string repository,
        IReadOnlyDictionary<string, IReadOnlyList<ReleaseRecord>> histories, CancellationToken cancel)
    {
        var settings = context.Settings;
        var daemon = settings.DockerHost.Length == 0 ? null : settings.DockerHost;
        try
        {
            var inventory = await ContainerInventoryReading.ReadAsync(host, daemon, cancel);
            var routed = host.Edge == null ? [] : (await host.Edge.StateAsync()).Slots.Select(s => s.Backend).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var plan = ContainerPruning.Judge(inventory, release.Manifest.App, settings.Environment, host.Name, repository, histories, routed, settings.KeepReleases);
            var containers = 0;
            foreach (var container in plan.Containers)
            {
                if (!await RemoveAsync(context, host, DockerArguments.Rm(new DockerRmSettings { Host = daemon }, container.Id), cancel))
                    continue;
                containers++;
                Removed(context, host, release, $"container {container.Name} (release {container.Label(ContainerLabels.Release)}, {container.State})");
            }

            var images = 0;
            foreach (var old in plan.Images)
            {
                if (!await RemoveAsync(context, host, DockerArguments.ImageRm(new DockerImageRmSettings { Host = daemon }, old.Id), cancel))
                    continue;
                images++;
                Removed(context, host, release, $"image {string.Join(", ", old.Digests.Concat(old.Tags))}");
            }

            return (containers, images);
        }
        catch (Exception unreadable) when (unreadable is InvalidOperationException or TimeoutException or OperationCanceledException or IOException or System.Text.Json.JsonException or EdgeUnavailableException)
        {
            context.Warning("Host {0}: no old container or image was removed: {1}", host.Name, unreadable.Message);
            return (0, 0);
        }
    }

    private static void Removed(DeployContext context, ITargetHost host, InstalledRelease release, string what)
    {
        var message = $"Removed {what} (keep-releases={context.Settings.KeepReleases}).";
        context.Information("Host {0}: {1}", host.Name, message);
        context.Audit.Note("Deploy/prune-containers", release.Id, "removed", message, host.Name);
    }

    private static async Task<bool> RemoveAsync(DeployContext context, ITargetHost host, IReadOnlyList<string> argv, CancellationToken cancel)
    {
        var command = new HostCommand(["docker", .. argv], Timeout: RemoveTimeout);
        var result = await host.RunAsync(command, cancel);
        if (result.ExitCode == 0)
            return true;
        context.Warning("Host {0}: '{1}' failed (exit {2}): {3}", host.Name, command, result.ExitCode, result.Error.Trim());
        return false;
    }

    // The other environments' histories this machine holds (<state>/<environment>/releases.json), so what they keep is
    // kept too; one that cannot be read keeps nothing from pruning the images alone, since their containers still protect them.
    private static Dictionary<string, IReadOnlyList<ReleaseRecord>> OtherHistories(DeployContext context)
    {
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>>(StringComparer.Ordinal);
        if (!Directory.Exists(context.Paths.Root))
            return histories;
        foreach (var folder in Directory.GetDirectories(context.Paths.Root))
        {
            var file = Path.Combine(folder, "releases.json");
            try
            {
                if (File.Exists(file))
                    histories[Path.GetFileName(folder)] = ReleaseHistory.Load(file).Records;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                context.Warning("Pruning containers: the history {0} cannot be read ({1}); only its containers protect its images.", file, e.Message);
            }
        }

        return histories;
    }
}
