using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Containers;

/// <summary>
/// Which containers and images of one app and environment a host may lose after a release. The rules are the ones
/// Kamal broke (#1922: a prune removed another destination's images; #270: it removed the rollback image):
/// only this environment's stopped containers that this host started go, never one a slot routes to and never one of a release the
/// environment keeps (<see cref="ReleasePruning.KeptBy"/>: its newest <c>keep-releases</c>, what it runs or deploys,
/// its rollback target); an image goes only when it belongs to the app's repository, no container left on the host
/// uses it (any environment, any state, anyone's) and no environment keeps its release.
/// </summary>
public static class ContainerPruning
{
    /// <summary>Decides what to remove on one host.</summary>
    /// <param name="inventory">The host's containers and images.</param>
    /// <param name="app">The app's name (its <see cref="ContainerLabels.App"/> label).</param>
    /// <param name="environment">The environment being pruned (its <see cref="ContainerLabels.Environment"/> label).</param>
    /// <param name="host">The target host pruning (its <see cref="ContainerLabels.Host"/> label): another host's containers on a shared daemon are its own to prune.</param>
    /// <param name="repository">The app's image repository (<c>registry/name</c>); images of other repositories are never removed.</param>
    /// <param name="histories">Every known environment's release records, oldest first, by environment.</param>
    /// <param name="routed">Names or ids of the containers a slot of the edge routes to (live or warm).</param>
    /// <param name="keep">Releases to keep per environment (at least 1).</param>
    public static ContainerPrunePlan Judge(
        ContainerInventory inventory, string app, string environment, string host, string repository,
        IReadOnlyDictionary<string, IReadOnlyList<ReleaseRecord>> histories, IReadOnlySet<string> routed, int keep)
    {
        keep = Math.Max(keep, 1);
        var ours = histories.TryGetValue(environment, out var records) ? records : [];
        var keptReleases = ReleasePruning.KeptBy(ours, keep).ToHashSet(StringComparer.Ordinal);
        var named = ours.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var mine = inventory.Containers
            .Where(c => c.Label(ContainerLabels.App) == app && c.Label(ContainerLabels.Environment) == environment && ContainerLabels.StartedBy(c.Labels, host))
            .ToList();
        // Containers of a release the history does not name (a deploy that died before recording it) keep their
        // newest keep-releases by creation, as installed releases do.
        var unnamedKept = mine
            .Where(c => c.Label(ContainerLabels.Release) is not { } id || !named.Contains(id))
            .OrderByDescending(c => c.Created)
            .Select(c => c.Label(ContainerLabels.Release) ?? c.Id)
            .Distinct(StringComparer.Ordinal)
            .Take(keep)
            .ToHashSet(StringComparer.Ordinal);

        var containers = mine
            .Where(c => c.Stopped && !routed.Contains(c.Name) && !routed.Contains(c.Id))
            .Where(c => (c.Label(ContainerLabels.Release) ?? c.Id) is var release && !keptReleases.Contains(release) && !unnamedKept.Contains(release))
            .ToList();

        var removedIds = containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var used = inventory.Containers.Where(c => !removedIds.Contains(c.Id)).Select(c => c.ImageId).ToHashSet(StringComparer.Ordinal);
        var keptDigests = histories.Values
            .SelectMany(r => ReleasePruning.KeptBy(r, keep).ToHashSet(StringComparer.Ordinal) is var kept ? r.Where(x => kept.Contains(x.Id)) : [])
            .Select(r => r.Image)
            .OfType<string>()
            .Select(reference => reference[(reference.LastIndexOf('@') + 1)..])
            .ToHashSet(StringComparer.Ordinal);

        // A record without its image reference (written before it was known) still names the digest: an image
        // release's id ends with the digest's first hex digits.
        var keptIdSuffixes = histories.Values.SelectMany(r => ReleasePruning.KeptBy(r, keep))
            .Select(id => id[(id.LastIndexOf('-') + 1)..])
            .Where(suffix => suffix.Length >= 8)
            .ToHashSet(StringComparer.Ordinal);

        var images = inventory.Images
            .Where(i => i.Repositories.Any() && i.Repositories.All(r => r == repository))
            .Where(i => !used.Contains(i.Id) && !i.RegistryDigests.Any(keptDigests.Contains))
            .Where(i => !i.RegistryDigests.Any(d => keptIdSuffixes.Any(suffix => d.StartsWith("sha256:" + suffix, StringComparison.Ordinal))))
            .ToList();
        return new ContainerPrunePlan(containers, images);
    }
}

/// <summary>What <see cref="ContainerPruning.Judge"/> decided to remove on one host.</summary>
/// <param name="Containers">Stopped containers of the environment, to remove (<c>docker rm</c>).</param>
/// <param name="Images">Images of the app's repository nothing uses or keeps, to remove by id (<c>docker image rm</c>).</param>
public sealed record ContainerPrunePlan(IReadOnlyList<HostContainer> Containers, IReadOnlyList<HostImage> Images)
{
    /// <summary>True when there is nothing to remove.</summary>
    public bool Empty => Containers.Count == 0 && Images.Count == 0;
}
