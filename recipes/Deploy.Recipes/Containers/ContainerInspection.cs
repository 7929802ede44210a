using System.Text.Json;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Containers;

/// <summary>
/// What <c>docker inspect</c> says of a container: its id, the image it was run from, and how it stands (state, exit
/// code, how often Docker restarted it, health when the image declares a check).
/// </summary>
/// <param name="Id">The container's full id.</param>
/// <param name="Image">The image reference it was run with (repository@digest for a release).</param>
/// <param name="State">Docker's state: created, running, restarting, exited, paused, dead.</param>
/// <param name="ExitCode">The app's last exit code (0 while it first runs).</param>
/// <param name="RestartCount">How many times Docker restarted it (its restart policy at work: the app ended).</param>
/// <param name="Health">The health check's status (starting, healthy, unhealthy), or null when the image has none.</param>
public sealed record ContainerInspection(string Id, string Image, string State, int ExitCode, int RestartCount, string? Health)
{
    /// <summary>The id as <c>docker ps</c> shows it (12 hex digits).</summary>
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;

    /// <summary>
    /// True when the app ended since it was started: the container exited (or died), or Docker is restarting it or
    /// already has. A release whose container did that is not going to be ready.
    /// </summary>
    public bool Ended => State is "exited" or "dead" or "restarting" || RestartCount > 0;

    /// <summary>State and health in one word or two, for Status (<c>running healthy</c>, <c>exited (code 1)</c>).</summary>
    public string Describe() =>
        State is "exited" or "dead" ? $"{State} (code {ExitCode})"
        : $"{State}{(Health == null ? "" : " " + Health)}{(RestartCount > 0 ? $", restarted {RestartCount} times" : "")}";

    /// <summary>Reads the first container of <c>docker inspect</c>'s JSON array; null when the array is empty.</summary>
    public static ContainerInspection? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            return null;
        var container = document.RootElement[0];
        var state = container.GetProperty("State");
        string? health = state.TryGetProperty("Health", out var h) && h.ValueKind == JsonValueKind.Object ? h.GetProperty("Status").GetString() : null;
        var image = container.TryGetProperty("Config", out var config) && config.TryGetProperty("Image", out var configured)
            ? configured.GetString() ?? ""
            : container.GetProperty("Image").GetString() ?? "";
        return new ContainerInspection(
            container.GetProperty("Id").GetString() ?? "",
            image,
            state.GetProperty("Status").GetString() ?? "",
            state.TryGetProperty("ExitCode", out var code) ? code.GetInt32() : 0,
            container.TryGetProperty("RestartCount", out var restarts) ? restarts.GetInt32() : 0,
            health);
    }

    /// <summary>Inspects the container <paramref name="name"/> on <paramref name="host"/>; null when there is none.</summary>
    public static async Task<ContainerInspection?> ReadAsync(ITargetHost host, string dockerHost, string name, CancellationToken cancel)
    {
        var result = await host.RunAsync(new HostCommand(ContainerSlot.InspectArguments(dockerHost, name), Timeout: TimeSpan.FromSeconds(30)), cancel);
        if (result.ExitCode != 0)
        {
            if (result.Error.Contains("No such", StringComparison.OrdinalIgnoreCase))
                return null;
            throw new InvalidOperationException($"docker inspect {name} failed on host {host.Name} (exit code {result.ExitCode}): {result.Error.Trim()}");
        }
        return Parse(result.Output);
    }
}
