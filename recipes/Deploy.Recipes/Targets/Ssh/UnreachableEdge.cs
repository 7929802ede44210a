using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// The edge of a host the recipe could not reach over SSH, as Status sees it: every call fails with
/// <see cref="EdgeUnavailableException"/> naming the host and why, so the host shows as unreachable instead of
/// "not running" (which would be a claim about it that nobody checked).
/// </summary>
public sealed class UnreachableEdge(string environment, int publicPort, Uri publicUrl, string why) : ITrafficEdge
{
    /// <inheritdoc />
    public EdgeEndpoint Endpoint { get; } = new(0, environment, publicPort, 0, DateTimeOffset.MinValue, "unknown");

    /// <inheritdoc />
    public Uri PublicUrl { get; } = publicUrl;

    /// <inheritdoc />
    public Task<EdgeState> StateAsync() => Fail<EdgeState>();

    /// <inheritdoc />
    public Task<EdgeMetrics> MetricsAsync() => Fail<EdgeMetrics>();

    /// <inheritdoc />
    public Task<SlotState> StartSlotAsync(string slot, StartSlot request) => Fail<SlotState>();

    /// <inheritdoc />
    public Task<int> FreePortAsync() => Fail<int>();

    /// <inheritdoc />
    public Task<SlotState> StopSlotAsync(string slot, TimeSpan drain) => Fail<SlotState>();

    /// <inheritdoc />
    public Task<string> SlotLogTailAsync(string slot, int lines) => Task.FromResult($"  (the log cannot be read: {why})");

    /// <inheritdoc />
    public Task<SlotState> StopAtAsync(string slot, DateTimeOffset? when, TimeSpan drain) => Fail<SlotState>();

    /// <inheritdoc />
    public Task<EdgeState> SetTrafficAsync(IReadOnlyDictionary<string, int> weights, string? canary = null) => Fail<EdgeState>();

    /// <inheritdoc />
    public Task<EdgeState> SetMaintenanceAsync(Maintenance maintenance) => Fail<EdgeState>();

    /// <inheritdoc />
    public Task<HttpResponseMessage> OperatorGetAsync(string slot, string path, TimeSpan timeout, CancellationToken cancel) => Fail<HttpResponseMessage>();

    /// <inheritdoc />
    public Task<HttpResponseMessage> CustomerGetAsync(string path) => Fail<HttpResponseMessage>();

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private Task<T> Fail<T>() => Task.FromException<T>(new EdgeUnavailableException(why));
}
