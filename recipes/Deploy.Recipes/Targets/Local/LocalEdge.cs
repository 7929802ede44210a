using System.Net;
using System.Net.Sockets;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// The environment's edge process on this machine: found when it runs (<see cref="LocalEdgeFiles"/>), started when it
/// does not (<see cref="EdgeLaunch"/>, outside the CI job's reach, so it outlives the build command and the job),
/// restarted when it died (<see cref="EdgeCrashRestart"/>: it adopts the releases still running), stopped by Down
/// (<see cref="LocalEdgeStop"/>). The recipe only ever ends the edge whose PID and command line it recorded.
/// </summary>
public sealed class LocalEdge
{
    private readonly DeployPaths _paths;
    private readonly int _publicPort;
    private readonly LocalEdgeFiles _files;
    private readonly EdgeLaunch _launch;
    private readonly EdgeCrashRestart _crashRestart;
    private readonly LocalEdgeStop _stop;

    /// <summary>The edge of the environment of <paramref name="paths"/>, serving customers on <paramref name="publicPort"/>.</summary>
    public LocalEdge(DeployPaths paths, int publicPort, Action<string> report)
    {
        _paths = paths;
        _publicPort = publicPort;
        _files = new LocalEdgeFiles(paths);
        _launch = new EdgeLaunch(paths, _files, report);
        _crashRestart = new EdgeCrashRestart(paths, _files, _launch, report);
        _stop = new LocalEdgeStop(_files, report);
    }

    private string TokenFile => Path.Combine(_paths.Edge, EdgeFiles.Token);

    /// <summary>The running edge's endpoint, or null when none runs (a stale edge.json from a dead edge counts as none).</summary>
    public EdgeEndpoint? Running() => _files.Running();

    /// <summary>A client for the running edge, or null when none runs.</summary>
    public EdgeClient? Connect() => Running() is { } endpoint ? new EdgeClient(endpoint, EdgeToken.Read(TokenFile)) : null;

    /// <summary>A client for the running edge, starting one first when none runs.</summary>
    public EdgeClient Ensure() => new(CheckCanServe() ?? _launch.Start(_publicPort), EdgeToken.Read(TokenFile));

    /// <summary>Restarts an edge that died (see <see cref="EdgeCrashRestart"/>); null when none had to be.</summary>
    public EdgeRecovery? RestartIfCrashed() => _crashRestart.RestartIfCrashed();

    /// <summary>How the running edge took over from a predecessor that died, if it did.</summary>
    public EdgeRecovery? LastRecovery() => _crashRestart.LastRecovery();

    /// <summary>
    /// Fails before anything changes when a release could not be served: the edge runs on another port, or none runs
    /// and the public port is taken by another process. A crashed edge is restarted first (<see cref="RestartIfCrashed"/>).
    /// Returns the running edge, or null when one must be started.
    /// </summary>
    public EdgeEndpoint? CheckCanServe()
    {
        RestartIfCrashed();
        if (Running() is { } endpoint)
        {
            if (endpoint.PublicPort != _publicPort)
                throw new InvalidOperationException(
                    $"The edge of '{_paths.Environment}' already runs on public port {endpoint.PublicPort}, not {_publicPort}. Run --target=Down first to move it.");
            return endpoint;
        }

        CheckPortIsFree(_publicPort);
        return null;
    }

    /// <summary>Stops the edge and every slot process it runs; true when one was running.</summary>
    public Task<bool> StopAsync(TimeSpan timeout) =>
        _stop.StopAsync(File.Exists(TokenFile) ? EdgeToken.Read(TokenFile) : "", timeout);

    private static void CheckPortIsFree(int port)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException)
        {
            throw new InvalidOperationException(
                $"Public port {port} on 127.0.0.1 is in use by another process. Stop it, or choose another port with --public-port=<port>. Nothing was changed.");
        }
    }
}
