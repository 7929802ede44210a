namespace Deploy.Recipes.Containers;

/// <summary>
/// What a host's Docker holds, as pruning needs it: every container (any app, any environment, any state) and every
/// image. Read with <c>docker inspect</c>, so a container is tied to its image by the image's id, whatever reference
/// it was started from.
/// </summary>
/// <param name="Containers">Every container on the host.</param>
/// <param name="Images">Every image on the host.</param>
public sealed record ContainerInventory(IReadOnlyList<HostContainer> Containers, IReadOnlyList<HostImage> Images);

/// <summary>A container on a host.</summary>
/// <param name="Id">Its full id.</param>
/// <param name="Name">Its name (without Docker's leading '/').</param>
/// <param name="Labels">Its labels (<see cref="ContainerLabels"/> for release containers).</param>
/// <param name="State">Docker's state: <c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>exited</c>, <c>dead</c>.</param>
/// <param name="ImageId">The id (<c>sha256:...</c>) of the image it runs.</param>
/// <param name="Created">When it was created.</param>
public sealed record HostContainer(string Id, string Name, IReadOnlyDictionary<string, string> Labels, string State, string ImageId, DateTimeOffset Created)
{
    /// <summary>The label's value, or null when the container does not carry it.</summary>
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;

    /// <summary>Stopped for good (not running, paused or restarting): the only containers pruning may remove.</summary>
    public bool Stopped => State is "exited" or "created" or "dead";
}

/// <summary>An image on a host.</summary>
/// <param name="Id">Its id (<c>sha256:...</c>).</param>
/// <param name="Tags">Its <c>repository:tag</c> references.</param>
/// <param name="Digests">Its <c>repository@sha256:...</c> references (the registry digests it was pulled or pushed by).</param>
/// <param name="Created">When it was built.</param>
public sealed record HostImage(string Id, IReadOnlyList<string> Tags, IReadOnlyList<string> Digests, DateTimeOffset Created)
{
    /// <summary>The repositories its references name (<c>127.0.0.1:5000/shop</c>).</summary>
    public IEnumerable<string> Repositories =>
        Tags.Select(t => RepositoryOf(t, ':')).Concat(Digests.Select(d => RepositoryOf(d, '@'))).Distinct(StringComparer.Ordinal);

    /// <summary>Its registry digests (<c>sha256:...</c>), without the repository.</summary>
    public IEnumerable<string> RegistryDigests => Digests.Select(d => d[(d.LastIndexOf('@') + 1)..]);

    // A tag's ':' is the last one after the last '/', so a registry's port (127.0.0.1:5000/shop:1.0) stays in the repository.
    private static string RepositoryOf(string reference, char separator)
    {
        var at = reference.LastIndexOf(separator);
        return at > reference.LastIndexOf('/') ? reference[..at] : reference;
    }
}
