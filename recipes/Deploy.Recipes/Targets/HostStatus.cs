using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Targets;

/// <summary>What runs on one host of the environment.</summary>
/// <param name="Host">The host's name (<c>local</c> on the local target).</param>
/// <param name="Url">The public URL customers use there.</param>
/// <param name="Edge">The edge's endpoint, when it runs.</param>
/// <param name="Maintenance">Maintenance mode, when the edge runs.</param>
/// <param name="Slots">The slots, when the edge runs.</param>
/// <param name="LiveRelease">The release customers get there, if any.</param>
/// <param name="LiveVersion">Its version.</param>
/// <param name="EdgeRecovery">When the running edge replaced one that had died: when, how long it was down, what it adopted.</param>
/// <param name="Error">Why the host's edge could not be asked, when it could not (the host counts as unreachable).</param>
public sealed record HostStatus(
    string Host,
    string Url,
    EdgeEndpoint? Edge,
    Maintenance? Maintenance,
    IReadOnlyList<SlotState> Slots,
    string? LiveRelease,
    string? LiveVersion,
    EdgeRecovery? EdgeRecovery,
    string? Error)
{
    /// <summary>Reads the status of <paramref name="host"/>; an edge that does not answer is reported as such, not hidden.</summary>
    public static async Task<HostStatus> ReadAsync(ITargetHost host)
    {
        var url = host.PublicUrl.ToString();
        if (host.Edge is not { } edge)
            return new HostStatus(host.Name, url, null, null, [], null, null, null, null);
        try
        {
            var state = await edge.StateAsync();
            var live = state.Slots.FirstOrDefault(s => s.Weight > 0);
            return new HostStatus(host.Name, edge.PublicUrl.ToString(), edge.Endpoint, state.Maintenance, state.Slots, live?.Release, live?.Version, host.LastRecovery, null);
        }
        catch (Exception e) when (e is EdgeUnavailableException or InvalidOperationException or HttpRequestException)
        {
            return new HostStatus(host.Name, url, edge.Endpoint, null, [], null, null, null, e.Message);
        }
    }

    /// <summary>What the fleet verdict needs of this host.</summary>
    public HostServing Serving => new(Host, Error == null, LiveRelease, LiveVersion);

    /// <summary>The slots' weights in one cell, such as <c>blue 0%, green 100%</c>.</summary>
    public string Weights => string.Join(", ", Slots.Select(s => $"{s.Name} {s.Weight}%"));

    /// <summary>The warm releases (running, no traffic) in one cell, or <c>-</c>.</summary>
    public string Warm =>
        Slots.Where(s => s.Weight == 0 && s.Status == "running").Select(s => $"{s.Version} ({s.Name})").DefaultIfEmpty("-").Aggregate((a, b) => $"{a}, {b}");
}
