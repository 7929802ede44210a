using System.Net;

namespace Deploy.Recipes.Containers;

/// <summary>
/// The <c>registry</c> setting taken apart: the registry's host (with its port) and an optional namespace under which
/// images live, e.g. <c>registry.example.com/team</c> or <c>127.0.0.1:5000</c>.
/// </summary>
/// <param name="Host">The host and optional port: what <c>docker login</c> and the SDK's <c>ContainerRegistry</c> take.</param>
/// <param name="Namespace">The path before the image name inside the registry; empty for none.</param>
public sealed record RegistryAddress(string Host, string Namespace)
{
    /// <summary>Splits a checked <c>registry</c> value (<see cref="ImageSettingsCheck"/>) or an image repository's registry part.</summary>
    public static RegistryAddress Parse(string registry)
    {
        var trimmed = registry.Trim().TrimEnd('/');
        var slash = trimmed.IndexOf('/');
        return slash < 0 ? new(trimmed, "") : new(trimmed[..slash], trimmed[(slash + 1)..]);
    }

    /// <summary>Splits a full repository (<c>host[:port]/path/name</c>) into its registry host and its path inside the registry.</summary>
    public static (RegistryAddress Registry, string Path) OfRepository(string repository)
    {
        var slash = repository.IndexOf('/');
        if (slash <= 0 || slash == repository.Length - 1)
            throw new ArgumentException($"Image repository '{repository}' names no registry: expected host[:port]/name.", nameof(repository));
        return (new RegistryAddress(repository[..slash], ""), repository[(slash + 1)..]);
    }

    /// <summary>The image's path inside the registry: <c>namespace/name</c>, or <c>name</c>.</summary>
    public string PathOf(string imageName) => Namespace.Length == 0 ? imageName : $"{Namespace}/{imageName}";

    /// <summary>The image's full repository: <c>host[:port]/namespace/name</c>.</summary>
    public string RepositoryOf(string imageName) => $"{Host}/{PathOf(imageName)}";

    /// <summary>The host name without the port (an IPv6 literal keeps its brackets).</summary>
    public string HostName => Host.StartsWith('[') ? Host[..(Host.IndexOf(']') + 1)] : Host.Split(':')[0];

    /// <summary>
    /// A registry on this machine's loopback (127.0.0.0/8, <c>localhost</c>, <c>[::1]</c>): spoken to over plain HTTP,
    /// as Docker itself does; every other registry over HTTPS.
    /// </summary>
    public bool IsLoopback =>
        HostName.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(HostName.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The registry's HTTP API root: <c>http://</c> on loopback, <c>https://</c> otherwise.</summary>
    public Uri ApiRoot => new($"{(IsLoopback ? "http" : "https")}://{Host}/v2/");
}
