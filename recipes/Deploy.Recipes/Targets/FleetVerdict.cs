namespace Deploy.Recipes.Targets;

/// <summary>What one host serves, as Status read it.</summary>
/// <param name="Host">The host's name.</param>
/// <param name="Reachable">Whether its edge could be asked (false: the host or its edge did not answer).</param>
/// <param name="Release">The release its live slot runs, or null when nothing is live there.</param>
/// <param name="Version">That release's version.</param>
public sealed record HostServing(string Host, bool Reachable, string? Release, string? Version);

/// <summary>How a fleet stands as a whole.</summary>
public enum FleetState
{
    /// <summary>Every host serves the same release.</summary>
    Uniform,

    /// <summary>No host serves a release.</summary>
    NothingLive,

    /// <summary>The hosts serve different releases (or some serve none): a release did not finish, or was not undone.</summary>
    Mixed,

    /// <summary>At least one host could not be asked: what the fleet serves is not known.</summary>
    Unreachable,
}

/// <summary>The fleet's verdict for Status: its state and one line saying it.</summary>
/// <param name="State">How the fleet stands.</param>
/// <param name="Description">One line for people, naming which host runs what when it is not uniform.</param>
public sealed record FleetVerdict(FleetState State, string Description)
{
    /// <summary>Judges <paramref name="hosts"/>: unreachable hosts first (nothing else can be trusted), then mixed, then uniform.</summary>
    public static FleetVerdict Judge(IReadOnlyList<HostServing> hosts)
    {
        var unreachable = hosts.Where(h => !h.Reachable).Select(h => h.Host).ToList();
        var reachable = hosts.Where(h => h.Reachable).ToList();
        var groups = reachable.GroupBy(h => h.Release).ToList();
        var split = groups.Count > 1 ? $"MIXED: {Who(groups)}" : null;
        if (unreachable.Count > 0)
            return new FleetVerdict(FleetState.Unreachable,
                $"{unreachable.Count} of {hosts.Count} host(s) unreachable: {string.Join(", ", unreachable)}" +
                (split != null ? $"; the others are {split}" : groups.Count == 1 ? $"; the others serve {Serves(groups[0])}" : ""));
        if (split != null)
            return new FleetVerdict(FleetState.Mixed, split);
        if (groups.Count == 0 || groups[0].Key == null)
            return new FleetVerdict(FleetState.NothingLive, hosts.Count == 1 ? "no release is live" : $"no release is live on any of the {hosts.Count} hosts");
        return new FleetVerdict(FleetState.Uniform, hosts.Count == 1 ? $"serves {Serves(groups[0])}" : $"all {hosts.Count} hosts serve {Serves(groups[0])}");
    }

    private static string Serves(IGrouping<string?, HostServing> group) =>
        group.Key == null ? "nothing" : $"{group.First().Version ?? group.Key} ({group.Key})";

    private static string Who(IEnumerable<IGrouping<string?, HostServing>> groups) =>
        string.Join("; ", groups.Select(g => $"{string.Join(", ", g.Select(h => h.Host))} {(g.Key == null ? "serve(s) nothing" : $"run(s) {Serves(g)}")}"));
}
