using Cake.Common.Diagnostics;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// The embedded default target: releases run as processes on this machine, in two slots behind the environment's
/// edge. One host, named <c>local</c>.
/// </summary>
public sealed class LocalTarget(DeployContext context) : IReleaseTarget
{
    /// <summary>The local target's one host.</summary>
    public const string HostName = "local";

    private readonly List<LocalHost> _opened = [];
    private ReleaseHistory? _history;

    /// <summary>The environment's edge process.</summary>
    public LocalEdge Edge { get; } = new(context.Paths, context.PublicPort, message => context.Information(message));

    /// <inheritdoc />
    public string Kind => "local";

    /// <inheritdoc />
    public string Description => $"this machine (edge on http://127.0.0.1:{context.PublicPort}/)";

    /// <inheritdoc />
    public IReadOnlyList<string> HostNames { get; } = [HostName];

    /// <inheritdoc />
    public ReleaseStore Store { get; } = new(context.Paths.Releases);

    /// <inheritdoc />
    public ReleaseHistory History => _history ??= ReleaseHistory.Load(context.Paths.History);

    /// <inheritdoc />
    public Task CheckCanServeAsync(CancellationToken cancel)
    {
        _ = Edge.CheckCanServe();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ITargetHost>> OpenAsync(EdgeDemand demand, CancellationToken cancel)
    {
        if (demand is EdgeDemand.Running or EdgeDemand.IfRunning)
            Edge.RestartIfCrashed();
        var client = demand switch
        {
            EdgeDemand.Start => Edge.Ensure(),
            EdgeDemand.Running => Edge.Connect() ?? throw new InvalidOperationException(
                $"Nothing runs in '{context.Settings.Environment}': its edge is not running. Run --target=Deploy first. Nothing was changed."),
            _ => Edge.Connect(),
        };
        var host = new LocalHost(Edge, client, context.Paths.Data, new Uri($"http://127.0.0.1:{context.PublicPort}/"), context.Settings);
        _opened.Add(host);
        return Task.FromResult<IReadOnlyList<ITargetHost>>([host]);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var host in _opened)
            await host.DisposeAsync();
        _opened.Clear();
    }
}
