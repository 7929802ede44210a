using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Targets;

/// <summary>
/// The edge of one host, as the strategies and health checks use it: its slots, its traffic weights, its maintenance
/// mode, its metrics, and operator requests that only one chosen slot answers. <see cref="EdgeClient"/> speaks the edge
/// contract over HTTP, directly on this machine or through an SSH tunnel to a remote host.
/// </summary>
public interface ITrafficEdge : IDisposable
{
    /// <summary>Where the edge listens (as the edge reports it).</summary>
    EdgeEndpoint Endpoint { get; }

    /// <summary>The URL customers use.</summary>
    Uri PublicUrl { get; }

    /// <summary>The edge's state.</summary>
    Task<EdgeState> StateAsync();

    /// <summary>Per-slot metrics.</summary>
    Task<EdgeMetrics> MetricsAsync();

    /// <summary>Starts a release's process in <paramref name="slot"/> (weight 0).</summary>
    Task<SlotState> StartSlotAsync(string slot, StartSlot request);

    /// <summary>
    /// A loopback port free on the edge's host now, for a release the recipe starts itself (a container) and then hands to
    /// the edge with <see cref="StartSlot.Backend"/>.
    /// </summary>
    Task<int> FreePortAsync();

    /// <summary>Drains and stops the process of <paramref name="slot"/>.</summary>
    Task<SlotState> StopSlotAsync(string slot, TimeSpan drain);

    /// <summary>
    /// The last <paramref name="lines"/> lines of the log of <paramref name="slot"/>'s release (its current or last
    /// process), as the edge reads them on its host: error messages quote it wherever the host is. Never throws: when the
    /// edge cannot give it, the text says why.
    /// </summary>
    Task<string> SlotLogTailAsync(string slot, int lines);

    /// <summary>Schedules (or with null cancels) a drain and stop of <paramref name="slot"/>.</summary>
    Task<SlotState> StopAtAsync(string slot, DateTimeOffset? when, TimeSpan drain);

    /// <summary>
    /// Sets traffic weights atomically. <paramref name="canary"/> names the slot of a canary release while one runs
    /// (its role becomes <c>canary</c>, the other slot's <c>stable</c>, and customers are split stickily); null otherwise.
    /// </summary>
    Task<EdgeState> SetTrafficAsync(IReadOnlyDictionary<string, int> weights, string? canary = null);

    /// <summary>Turns maintenance mode on or off.</summary>
    Task<EdgeState> SetMaintenanceAsync(Maintenance maintenance);

    /// <summary>
    /// A GET through the public port that only <paramref name="slot"/> answers (operator route), given up after
    /// <paramref name="timeout"/> or when <paramref name="cancel"/> fires.
    /// </summary>
    Task<HttpResponseMessage> OperatorGetAsync(string slot, string path, TimeSpan timeout, CancellationToken cancel);

    /// <summary>A GET through the public port as a customer.</summary>
    Task<HttpResponseMessage> CustomerGetAsync(string path);
}
