using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>A host Status could not reach over SSH: named, with an edge that fails saying why (<see cref="UnreachableEdge"/>).</summary>
public sealed class UnreachableHost(SshHostAddress host, UnreachableEdge edge) : ITargetHost
{
    /// <inheritdoc />
    public string Name => host.Name;

    /// <inheritdoc />
    public Uri PublicUrl => edge.PublicUrl;

    /// <inheritdoc />
    public ITrafficEdge? Edge => edge;

    /// <inheritdoc />
    public string DataDirectory => "";

    /// <inheritdoc />
    public EdgeRecovery? LastRecovery => null;

    /// <inheritdoc />
    public Task<InstalledRelease> PlaceAsync(InstalledRelease release, CancellationToken cancel) => Task.FromException<InstalledRelease>(Unreachable());

    /// <inheritdoc />
    public Task<string?> ReadDataFileAsync(string name, CancellationToken cancel) => Task.FromException<string?>(Unreachable());

    /// <inheritdoc />
    public Task WriteDataFileAsync(string name, string text, CancellationToken cancel) => Task.FromException(Unreachable());

    /// <inheritdoc />
    public Task<HostCommandResult> RunAsync(HostCommand command, CancellationToken cancel) => Task.FromException<HostCommandResult>(Unreachable());

    /// <inheritdoc />
    public Task<bool> StopEdgeAsync(TimeSpan timeout) => Task.FromException<bool>(Unreachable());

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private InvalidOperationException Unreachable() => new($"Host {host.Name} cannot be reached over SSH; nothing was changed on it.");
}
