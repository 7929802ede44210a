using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;
using Renci.SshNet;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// A fleet of Linux servers reached over SSH (SSH.NET: no ssh binary), each running the same edge as the local
/// target in front of two slots. Before anything changes on any host, every host's key is checked against the
/// known-hosts file (unknown and changed keys refused with their fingerprint) and every host's .NET runtime is checked.
/// A run that changes the environment also takes each host's deploy lock. Hosts are worked on in parallel, at most
/// <c>parallel</c> at once. The release history lives on every host (<see cref="FleetHistory"/>).
/// </summary>
public sealed class SshTarget : IReleaseTarget
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly DeployContext _context;
    private readonly IReadOnlyList<SshHostAddress> _hosts;
    private readonly SemaphoreSlim _parallel;
    private readonly UploadArchives _archives = new();
    private readonly Dictionary<SshHostAddress, SshSession> _sessions = [];
    // Written by every host's runtime check at once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SshHostAddress, string> _dotnet = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SshHostAddress, HostRuntimeJudgement.Probe> _probes = new();
    private readonly Dictionary<SshHostAddress, HostLock> _locks = [];
    private readonly Dictionary<SshHostAddress, FolderPlacement> _placements = [];
    private readonly List<SshTargetHost> _opened = [];
    private readonly Dictionary<SshHostAddress, string> _unreachable = [];
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private PrivateKeyFile? _key;
    private ReleaseHistory? _history;
    private CheckedFor _checked;

    /// <summary>The fleet the context names (its <c>hosts</c>); bad hosts are refused naming them.</summary>
    public SshTarget(DeployContext context)
    {
        _context = context;
        FleetSettings.Check(context);
        _hosts = SshHostAddress.ParseAll(context.Hosts);
        _parallel = new SemaphoreSlim(context.Settings.Parallel);
        Store = new ReleaseStore(context.Paths.Releases);
    }

    /// <inheritdoc />
    public string Kind => "ssh";

    /// <inheritdoc />
    public string Description => $"{_hosts.Count} host(s) over SSH: {string.Join(", ", _hosts.Select(h => h.Name))}";

    /// <inheritdoc />
    public IReadOnlyList<string> HostNames => _hosts.Select(h => h.Name).ToList();

    /// <inheritdoc />
    public ReleaseStore Store { get; }

    /// <summary>How many archives this run made for upload (each folder once, whatever the number of hosts).</summary>
    public int ArchivesMade => _archives.Made;

    /// <inheritdoc />
    public ReleaseHistory History => _history ??= LoadHistory();

    private bool ChangesEnvironment => _context.Lock != null;

    /// <inheritdoc />
    public Task CheckCanServeAsync(CancellationToken cancel) => CheckHostsAsync(withPackagedRelease: true, cancel);

    // Every host's key and runtime. Only a run that releases the packaged artifact judges the runtime against it: a
    // Status or Rollback has nothing to do with whatever the artifacts folder holds now (only the edge must run).
    private async Task CheckHostsAsync(bool withPackagedRelease, CancellationToken cancel)
    {
        await ConnectAsync(tolerateUnreachable: false, cancel);
        if (_checked == CheckedFor.PackagedRelease || (_checked == CheckedFor.Edge && !withPackagedRelease))
            return;
        var artifact = ReleasePackaging.Folder(_context);
        var release = withPackagedRelease && File.Exists(Path.Combine(artifact, ReleaseManifest.FileName)) ? artifact : null;
        await EachHostAsync(host => CheckRuntimeAsync(host, release, cancel), "checking the .NET runtime");
        _checked = withPackagedRelease ? CheckedFor.PackagedRelease : CheckedFor.Edge;
    }

    private enum CheckedFor
    {
        Nothing,
        Edge,
        PackagedRelease,
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ITargetHost>> OpenAsync(EdgeDemand demand, CancellationToken cancel)
    {
        // Status reports a host it cannot reach as unreachable; every other task needs every host.
        if (demand == EdgeDemand.IfRunning)
        {
            await ConnectAsync(tolerateUnreachable: true, cancel);
            if (_unreachable.Count > 0)
                return await OpenReachableAsync(demand, cancel);
        }

        await CheckHostsAsync(withPackagedRelease: demand == EdgeDemand.Start, cancel);
        if (ChangesEnvironment)
            await LockAllAsync(cancel);
        var opened = await EachHostAsync(host => OpenHostAsync(host, demand, cancel), "opening");
        _opened.AddRange(opened);
        return opened;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var host in _opened)
            await host.DisposeAsync();
        if (ChangesEnvironment && _history != null)
            PushHistory();
        foreach (var (host, hostLock) in _locks)
        {
            if (!await hostLock.ReleaseAsync())
                _context.Warning(
                    "Host {0} could not be reached to release this run's deploy lock; it stays there. Once the host is back, the next run " +
                    "is refused naming this run: check that nothing else deploys to it, then run again with --force-unlock (it cleans up and goes on).",
                    host.Name);
        }

        foreach (var session in _sessions.Values)
            session.Dispose();
        _sessions.Clear();
        _key?.Dispose();
        _archives.Dispose();
    }

    // Every host is connected (in parallel) before any is used, and every key judged before any new one is recorded:
    // one refused host refuses the run with nothing changed anywhere.
    private async Task ConnectAsync(bool tolerateUnreachable, CancellationToken cancel)
    {
        await _connecting.WaitAsync(cancel);
        try
        {
            if (_sessions.Count == _hosts.Count)
                return;
            if (_sessions.Count + _unreachable.Count == _hosts.Count && _sessions.Count > 0)
            {
                if (tolerateUnreachable)
                    return;
                throw new InvalidOperationException(string.Join("\n", _unreachable.Values) + "\nNothing was changed on any host.");
            }
            var known = new KnownHostsFile(_context.Settings.KnownHosts);
            var trust = _context.Settings.TrustNewHosts;
            _key ??= SshKeySource.Load(_context.Settings.SshKey);
            var gates = _hosts.ToDictionary(h => h, h => new HostKeyGate(h, known.Entries, trust));
            var attempts = await Task.WhenAll(_hosts.Select(async host =>
            {
                await _parallel.WaitAsync(cancel);
                try
                {
                    return (host, session: await SshSession.OpenAsync(host, _key, gates[host], cancel), error: (Exception?)null);
                }
                catch (Exception e) when (e is HostKeyRefusedException or HostUnreachableException)
                {
                    return (host, session: (SshSession?)null, error: e);
                }
                finally
                {
                    _parallel.Release();
                }
            }));

            var refusals = gates.Values.Select(g => g.Refusal(known.Path, known.Entries)).OfType<string>().ToList();
            var unreachable = attempts.Where(a => a.error is HostUnreachableException).Select(a => a.error!.Message).ToList();
            if (refusals.Count > 0 || (unreachable.Count > 0 && (!tolerateUnreachable || unreachable.Count == _hosts.Count)))
            {
                foreach (var attempt in attempts)
                    attempt.session?.Dispose();
                throw new InvalidOperationException(string.Join("\n", refusals.Concat(unreachable)) + "\nNothing was changed on any host.");
            }

            foreach (var gate in gates.Values.Where(g => g.Verdict == HostKeyVerdict.Unknown))
            {
                known.Append(gate.Host.KnownHostsName, gate.KeyType!, gate.Key!);
                var message = $"Recorded the {gate.KeyType} key {gate.Fingerprint} of {gate.Host.Name} in {known.Path} (--trust-new-hosts).";
                _context.Warning(message);
                _context.Audit.Note("ssh/trust-host", null, "recorded", message, gate.Host.Name);
            }

            foreach (var attempt in attempts.Where(a => a.session == null))
                _unreachable[attempt.host] = attempt.error!.Message;
            foreach (var attempt in attempts.Where(a => a.session != null))
            {
                _sessions[attempt.host] = attempt.session!;
                _placements[attempt.host] = new FolderPlacement(attempt.session!, PathsOf(attempt.host), _archives);
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>
    /// Checks, before anything changes on any host, every host's key and its .NET runtime for the packaged release
    /// (the RuntimeCheck task runs it after Package, before the database steps).
    /// </summary>
    public static async Task CheckHostsAsync(DeployContext context)
    {
        await using var target = new SshTarget(context);
        await target.CheckCanServeAsync(CancellationToken.None);
        context.Information("RuntimeCheck: every host can run the release: {0}.", target.Description);
    }

    private HostPaths PathsOf(SshHostAddress host) => new(_sessions[host].Home, _context.Settings.Environment);

    private async Task<bool> CheckRuntimeAsync(SshHostAddress host, string? artifact, CancellationToken cancel)
    {
        _dotnet[host] = HostRuntimeJudgement.Judge(host.Name, await ProbeRuntimeAsync(host, cancel), Needs(artifact), RollForward());
        if (artifact != null && ReleaseManifest.Load(Path.Combine(artifact, ReleaseManifest.FileName)).Image != null)
            await HostDockerCheck.CheckAsync(_sessions[host], _context.Settings.DockerHost, cancel);
        return true;
    }

    private async Task CheckReleaseRuntimeAsync(SshHostAddress host, InstalledRelease release) =>
        HostRuntimeJudgement.Judge(host.Name, await ProbeRuntimeAsync(host, CancellationToken.None),
            Needs(Path.GetDirectoryName(release.AppDirectory.TrimEnd(Path.DirectorySeparatorChar))), RollForward());

    // What a host has installed does not change during a run: asked once per host, judged against each release.
    private async Task<HostRuntimeJudgement.Probe> ProbeRuntimeAsync(SshHostAddress host, CancellationToken cancel)
    {
        if (_probes.TryGetValue(host, out var known))
            return known;
        var output = await _sessions[host].RunCheckedAsync(HostCommands.RuntimeProbe(), "looking for the .NET runtime", CommandTimeout, cancel);
        return _probes[host] = HostRuntimeJudgement.Read(output);
    }

    // What must run on every host: the release (when known) and the edge, each by its runtimeconfig.
    private static List<(string What, AppRuntimeConfig Config)> Needs(string? releaseFolder)
    {
        var needs = new List<(string, AppRuntimeConfig)>();
        // An image release brings its runtime in the image: only the edge runs on the host's .NET.
        if (releaseFolder != null && ReleaseManifest.Load(Path.Combine(releaseFolder, ReleaseManifest.FileName)) is { Image: null } manifest)
        {
            var file = Path.Combine(releaseFolder, "app", manifest.App + ".runtimeconfig.json");
            if (File.Exists(file))
                needs.Add(($"release {manifest.Version}", AppRuntimeConfig.Parse(File.ReadAllText(file))));
        }

        var edge = Path.Combine(AppContext.BaseDirectory, "edge", Path.ChangeExtension(RemoteEdge.Program, ".runtimeconfig.json"));
        if (File.Exists(edge))
            needs.Add(("the edge", AppRuntimeConfig.Parse(File.ReadAllText(edge))));
        return needs;
    }

    private string? RollForward() =>
        _context.Settings.AppSettings.Select(item => item.Split('=', 2))
            .LastOrDefault(pair => pair.Length == 2 && pair[0].Trim() == RuntimeFit.RollForwardVariable)?[1].Trim();

    private async Task LockAllAsync(CancellationToken cancel)
    {
        if (_locks.Count > 0)
            return;
        var me = new LockHolder(Environment.ProcessId, ProcessIdentity.StartTicks(Environment.ProcessId), _context.Actor, Environment.MachineName,
            $"{_context.Settings.Environment} from {Environment.MachineName}", DateTimeOffset.UtcNow);
        var taken = new System.Collections.Concurrent.ConcurrentDictionary<SshHostAddress, HostLock>();
        try
        {
            await EachHostAsync(async host =>
            {
                await _sessions[host].RunCheckedAsync(HostCommands.Prepare(PathsOf(host)), "creating the state folders", CommandTimeout, cancel);
                taken[host] = await HostLock.TakeAsync(_sessions[host], PathsOf(host), me, _context.Settings.LockWait, _context.Settings.ForceUnlock, m =>
                {
                    _context.Warning(m);
                    _context.Audit.Note("ssh/host-lock", null, "broken", m, host.Name);
                }, cancel);
                // Under the lock no other deploy uses the uploads folder: whatever is there was left by an interrupted run.
                await _sessions[host].RunCheckedAsync(HostCommands.CleanIncoming(PathsOf(host)), "cleaning interrupted uploads", CommandTimeout, cancel);
                return true;
            }, "taking the host lock");
        }
        catch
        {
            foreach (var hostLock in taken.Values)
                await hostLock.ReleaseAsync();
            throw;
        }

        foreach (var pair in taken)
            _locks[pair.Key] = pair.Value;
    }

    private async Task<SshTargetHost> OpenHostAsync(SshHostAddress host, EdgeDemand demand, CancellationToken cancel)
    {
        var session = _sessions[host];
        var paths = PathsOf(host);
        var remote = new RemoteEdge(session, paths, _placements[host], m => _context.Information(m));
        var port = _context.PublicPort;
        var address = FleetSettings.EdgeAddress(host, _context.Settings.EdgeBind);
        var running = await remote.RunningAsync(cancel);
        if (running == null)
        {
            var crashed = remote.LeftStateBehind();
            if (demand == EdgeDemand.Start || (crashed && demand is EdgeDemand.Running or EdgeDemand.IfRunning))
            {
                if (crashed)
                    _context.Warning("Host {0}: the edge of '{1}' is not running but left its state behind (it died); starting it again, it adopts the releases still running.", host.Name, paths.Environment);
                await session.RunCheckedAsync(HostCommands.Prepare(paths), "creating the state folders", CommandTimeout, cancel);
                if (!_dotnet.ContainsKey(host))
                    await CheckRuntimeAsync(host, null, cancel);
                running = await remote.StartAsync(_dotnet[host], address, port, cancel);
                _context.Audit.Note("ssh/edge-start", null, "started", $"edge PID {running.Pid} on {address}:{port}{(crashed ? " (the previous one had died)" : "")}", host.Name);
            }
            else if (demand == EdgeDemand.Running)
            {
                throw new InvalidOperationException($"Nothing runs on host {host.Name} in '{paths.Environment}': its edge is not running. Run --target=Deploy first. Nothing was changed.");
            }
        }
        else if (running.PublicPort != port)
        {
            throw new InvalidOperationException($"Host {host.Name}: the edge of '{paths.Environment}' already runs on public port {running.PublicPort}, not {port}. Run --target=Down first to move it.");
        }

        var url = FleetSettings.PublicUrl(host, address, port);
        if (running == null)
            return new SshTargetHost(session, paths, _placements[host], remote, url, null, release => CheckReleaseRuntimeAsync(host, release), m => _context.Information(m), _context.Settings);

        var admin = session.Forward("127.0.0.1", running.AdminPort);
        var customers = session.Forward(FleetSettings.TunnelAddress(address), running.PublicPort);
        var client = new EdgeClient(running, remote.Token(), new Uri($"http://127.0.0.1:{admin}/"), new Uri($"http://127.0.0.1:{customers}/"), url);
        return new SshTargetHost(session, paths, _placements[host], remote, url, (client, running, remote.LastRecovery(running)),
            release => CheckReleaseRuntimeAsync(host, release), m => _context.Information(m), _context.Settings);
    }

    // Status with some hosts unreachable: the others are opened as asked, the unreachable ones say so when asked anything.
    private async Task<IReadOnlyList<ITargetHost>> OpenReachableAsync(EdgeDemand demand, CancellationToken cancel)
    {
        var hosts = new List<ITargetHost>();
        foreach (var host in _hosts)
        {
            if (_unreachable.TryGetValue(host, out var why))
            {
                var url = FleetSettings.PublicUrl(host, FleetSettings.EdgeAddress(host, _context.Settings.EdgeBind), _context.PublicPort);
                hosts.Add(new UnreachableHost(host, new UnreachableEdge(_context.Settings.Environment, _context.PublicPort, url, why)));
                continue;
            }

            var opened = await OpenHostAsync(host, demand, cancel);
            _opened.Add(opened);
            hosts.Add(opened);
        }

        return hosts;
    }

    // Runs on every host, at most 'parallel' at once; every host's failure is reported, each naming its host.
    private async Task<IReadOnlyList<T>> EachHostAsync<T>(Func<SshHostAddress, Task<T>> work, string what)
    {
        var results = await Task.WhenAll(_hosts.Select(async host =>
        {
            await _parallel.WaitAsync();
            try
            {
                return (ok: true, value: await work(host), error: (Exception?)null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return (ok: false, value: default(T)!, error: e);
            }
            finally
            {
                _parallel.Release();
            }
        }));

        var failures = results.Where(r => !r.ok).Select(r => r.error!).ToList();
        if (failures.Count == 0)
            return results.Select(r => r.value).ToList();
        foreach (var opened in results.Where(r => r.ok).Select(r => r.value).OfType<IAsyncDisposable>())
            await opened.DisposeAsync();
        if (failures.Count == 1 && failures[0] is Hosting.RecipeUsageException usage)
            throw usage;
        var message = string.Join("\n", failures.Select(f => f.Message));
        throw failures.All(f => f is Hosting.RecipeUsageException)
            ? new Hosting.RecipeUsageException(message)
            : new InvalidOperationException($"{what} failed on {failures.Count} of {_hosts.Count} host(s):\n{message}");
    }

    // The newest copy among the hosts becomes the working copy this run reads and writes (see FleetHistory).
    private ReleaseHistory LoadHistory()
    {
        ConnectAsync(tolerateUnreachable: true, CancellationToken.None).GetAwaiter().GetResult();
        var local = _context.Paths.History;
        var copies = _hosts.Where(_sessions.ContainsKey).Select(h =>
        {
            var paths = PathsOf(h);
            return (h.Name, _sessions[h].ReadText(paths.History), _sessions[h].ReadText(FleetHistory.StampOf(paths.History)));
        }).ToList();
        if (FleetHistory.Newest(copies) is { } newest)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            AtomicFile.Write(local, newest.Text);
            _context.Verbose("Release history read from host {0}.", newest.Host);
        }

        return ReleaseHistory.Load(local);
    }

    private void PushHistory()
    {
        var local = _context.Paths.History;
        if (!File.Exists(local))
            return;
        var text = File.ReadAllText(local);
        var stamp = FleetHistory.Stamp(DateTimeOffset.UtcNow);
        foreach (var (host, session) in _sessions)
        {
            try
            {
                var paths = PathsOf(host);
                session.WriteText(paths.History, text);
                session.WriteText(FleetHistory.StampOf(paths.History), stamp);
            }
            catch (Exception e) when (e is Renci.SshNet.Common.SshException or IOException or ObjectDisposedException)
            {
                _context.Warning("Host {0}: the release history could not be written there ({1}); the other hosts hold it, and the next run copies it back.", host.Name, e.Message);
            }
        }
    }
}
