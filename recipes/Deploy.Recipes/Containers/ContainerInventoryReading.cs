using System.Globalization;
using System.Text.Json;
using Deploy.Recipes.Docker;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Containers;

/// <summary>
/// Reads a host's <see cref="ContainerInventory"/> through its <c>docker</c> CLI: the ids of every container and image,
/// then <c>docker inspect</c> of them (JSON: one parse, labels and image ids exactly as Docker holds them).
/// </summary>
public static class ContainerInventoryReading
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>Every container and image on <paramref name="host"/>; throws naming the host and the command when docker fails.</summary>
    /// <param name="host">The host.</param>
    /// <param name="dockerHost">The CLI's <c>--host</c> (setting <c>docker-host</c>); empty for the CLI's default.</param>
    /// <param name="cancel">Cancels the reading.</param>
    public static async Task<ContainerInventory> ReadAsync(ITargetHost host, string? dockerHost, CancellationToken cancel)
    {
        var daemon = string.IsNullOrEmpty(dockerHost) ? null : dockerHost;
        var containerIds = Lines(await DockerAsync(host, DockerArguments.Ps(new DockerPsSettings { Host = daemon, All = true, NoTrunc = true, Format = "{{.ID}}" }), cancel));
        var imageIds = Lines(await DockerAsync(host, DockerArguments.ImageLs(new DockerImageLsSettings { Host = daemon, NoTrunc = true, Format = "{{.ID}}" }), cancel));
        var containers = containerIds.Count == 0 ? "[]"
            : await DockerAsync(host, DockerArguments.Inspect(new DockerInspectSettings { Host = daemon, Type = "container" }, [.. containerIds]), cancel);
        var images = imageIds.Count == 0 ? "[]"
            : await DockerAsync(host, DockerArguments.Inspect(new DockerInspectSettings { Host = daemon, Type = "image" }, [.. imageIds]), cancel);
        return Parse(containers, images);
    }

    /// <summary>The inventory from <c>docker inspect</c>'s JSON arrays of containers and of images. Pure.</summary>
    public static ContainerInventory Parse(string containersJson, string imagesJson)
    {
        using var containers = JsonDocument.Parse(containersJson);
        using var images = JsonDocument.Parse(imagesJson);
        return new ContainerInventory(
            containers.RootElement.EnumerateArray().Select(c => new HostContainer(
                c.GetProperty("Id").GetString()!,
                c.GetProperty("Name").GetString()!.TrimStart('/'),
                c.TryGetProperty("Config", out var config) && config.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                    ? labels.EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString() ?? "", StringComparer.Ordinal)
                    : new Dictionary<string, string>(),
                c.GetProperty("State").GetProperty("Status").GetString()!,
                c.GetProperty("Image").GetString()!,
                Time(c))).ToList(),
            images.RootElement.EnumerateArray().Select(i => new HostImage(
                i.GetProperty("Id").GetString()!,
                Strings(i, "RepoTags"),
                Strings(i, "RepoDigests"),
                Time(i))).ToList());
    }

    private static async Task<string> DockerAsync(ITargetHost host, IReadOnlyList<string> argv, CancellationToken cancel)
    {
        var command = new HostCommand(["docker", .. argv], Timeout: Timeout);
        var result = await host.RunAsync(command, cancel);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Host {host.Name}: '{command}' failed (exit {result.ExitCode}): {result.Error.Trim()}");
        return result.Output;
    }

    private static List<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(e => e.GetString()!).ToList() : [];

    private static DateTimeOffset Time(JsonElement element) =>
        element.TryGetProperty("Created", out var created) && DateTimeOffset.TryParse(created.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when
            : DateTimeOffset.MinValue;
}
