using Deploy.Recipes.Containers;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// One server of a fleet, opened: its edge reached through SSH local port forwards (the admin port and the public
/// port of the edge on the host, each on a free port of this machine's 127.0.0.1), releases placed on it by digest.
/// The connection belongs to the <see cref="SshTarget"/>, which closes it at the end of the run.
/// </summary>
public sealed class SshTargetHost : ITargetHost
{
    private readonly SshSession _session;
    private readonly HostPaths _paths;
    private readonly FolderPlacement _placement;
    private readonly RemoteEdge _remote;
    private readonly Func<InstalledRelease, Task> _checkRuntime;
    private readonly Action<string> _report;
    private readonly DeploySettings _settings;
    private EdgeClient? _client;
    private EdgeEndpoint? _endpoint;

    internal SshTargetHost(
        SshSession session, HostPaths paths, FolderPlacement placement, RemoteEdge remote, Uri publicUrl,
        (EdgeClient Client, EdgeEndpoint Endpoint, EdgeRecovery? Recovery)? edge, Func<InstalledRelease, Task> checkRuntime, Action<string> report,
        DeploySettings settings)
    {
        _settings = settings;
        _session = session;
        _paths = paths;
        _placement = placement;
        _remote = remote;
        _checkRuntime = checkRuntime;
        _report = report;
        PublicUrl = publicUrl;
        _client = edge?.Client;
        _endpoint = edge?.Endpoint;
        LastRecovery = edge?.Recovery;
    }

    /// <summary>The host's address.</summary>
    public SshHostAddress Address => _session.Host;

    /// <inheritdoc />
    public string Name => _session.Host.Name;

    /// <inheritdoc />
    public Uri PublicUrl { get; }

    /// <inheritdoc />
    public ITrafficEdge? Edge => _client;

    /// <summary>The edge client (through the tunnels), or null when no edge runs.</summary>
    internal EdgeClient? Client => _client;

    /// <summary>The edge's endpoint as the host sees it (its own ports), or null when no edge runs.</summary>
    public EdgeEndpoint? HostEndpoint => _endpoint;

    /// <inheritdoc />
    public string DataDirectory => _paths.Data;

    /// <inheritdoc />
    public EdgeRecovery? LastRecovery { get; }

    /// <summary>How many folders (releases, the edge program) were uploaded to this host in this run.</summary>
    public int Uploads => _placement.Uploads;

    /// <inheritdoc />
    /// <remarks>
    /// An image release is pulled by digest from the registry with the registry credentials (<see cref="ImagePull"/>):
    /// nothing is uploaded, and the host needs Docker rather than the app's .NET runtime.
    /// </remarks>
    public async Task<InstalledRelease> PlaceAsync(InstalledRelease release, CancellationToken cancel)
    {
        if (release.Manifest.Image is { } image)
        {
            var pulled = await ImagePull.OnHostAsync(this, image, _settings, cancel);
            _report(pulled
                ? $"Host {Name}: pulled image {image.Reference} for release {release.Id}."
                : $"Host {Name}: already holds image {image.Reference}; nothing pulled.");
            return release;
        }

        await _checkRuntime(release);
        var local = Path.GetDirectoryName(release.AppDirectory.TrimEnd(Path.DirectorySeparatorChar))!;
        var target = _paths.Release(release.Id);
        var uploaded = await _placement.EnsureAsync(local, release.Manifest.Sha256, target, cancel);
        _report(uploaded
            ? $"Host {Name}: uploaded release {release.Id} (digest checked on the host) into {target}."
            : $"Host {Name}: already holds release {release.Id} (same digest); nothing uploaded.");
        return release with { AppDirectory = $"{target}/app" };
    }

    /// <inheritdoc />
    public Task<string?> ReadDataFileAsync(string name, CancellationToken cancel) =>
        Task.Run(() => _session.ReadText($"{_paths.Data}/{name}"), cancel);

    /// <inheritdoc />
    public Task WriteDataFileAsync(string name, string text, CancellationToken cancel) =>
        Task.Run(() => _session.WriteText($"{_paths.Data}/{name}", text), cancel);

    /// <inheritdoc />
    public async Task<HostCommandResult> RunAsync(HostCommand command, CancellationToken cancel)
    {
        var environment = (command.Environment ?? new Dictionary<string, string>()).Select(e => $"{e.Key}={e.Value}");
        var script = "exec env " + ShellQuote.Command([.. environment, .. command.Arguments]);
        var timeout = command.Timeout ?? HostCommand.DefaultTimeout;
        try
        {
            return await _session.RunAsync(script, timeout, cancel, command.StandardInput);
        }
        catch (TimeoutException late)
        {
            throw new TimeoutException($"Host {Name}: '{command}' did not finish within {timeout.TotalSeconds:0} s and was ended.", late);
        }
    }

    /// <inheritdoc />
    public async Task<bool> StopEdgeAsync(TimeSpan timeout)
    {
        var running = await _remote.RunningAsync(CancellationToken.None);
        if (running == null)
        {
            // A dead edge's releases may still run: Down ends them, and with its state gone nothing restarts the edge.
            foreach (var ended in await _remote.EndLeftoversAsync())
                _report($"Host {Name}: ended release process {ended}, left running by an edge that died.");
            return false;
        }
        try
        {
            if (_client != null)
                await _client.ShutdownAsync();
            if (!await _remote.WaitForExitAsync(running.Pid, timeout))
                throw new TimeoutException($"the edge (PID {running.Pid}) did not exit within {timeout.TotalSeconds:0} s");
            await _remote.EndAsync(running, TimeSpan.Zero);
        }
        catch (Exception e) when (e is EdgeUnavailableException or TimeoutException or InvalidOperationException)
        {
            _report($"Host {Name}: the edge did not shut down cleanly ({e.Message}); ending PID {running.Pid}.");
            await _remote.EndAsync(running, TimeSpan.FromSeconds(5));
        }

        _client?.Dispose();
        _client = null;
        _endpoint = null;
        return true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _client = null;
        return ValueTask.CompletedTask;
    }
}
