using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// The environment's edge process: found when it runs, started when it does not (outside the CI job's reach, see
/// <see cref="OutsideJobLaunch"/>, so it outlives the build command and the job), restarted when it died (it adopts the
/// releases still running), stopped by Down. The recipe only ever ends the edge whose PID and command line it recorded.
/// </summary>
public sealed class LocalEdge(DeployPaths paths, int publicPort, Action<string> report)
{
    private const string EdgeProgram = "Deploy.Recipes.Edge.dll";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string EndpointFile => Path.Combine(paths.Edge, EdgeFiles.Endpoint);

    private string TokenFile => Path.Combine(paths.Edge, EdgeFiles.Token);

    private string LogFile => Path.Combine(paths.Edge, EdgeFiles.Log);

    private string StateFile => Path.Combine(paths.Edge, EdgeFiles.State);

    /// <summary>The running edge's endpoint, or null when none runs (a stale edge.json from a dead edge counts as none).</summary>
    public EdgeEndpoint? Running()
    {
        if (!File.Exists(EndpointFile))
            return null;
        EdgeEndpoint? endpoint;
        try
        {
            endpoint = JsonSerializer.Deserialize<EdgeEndpoint>(File.ReadAllText(EndpointFile), Json);
        }
        catch (JsonException)
        {
            endpoint = null;
        }

        return endpoint != null && IsEdge(endpoint.Pid) ? endpoint : null;
    }

    /// <summary>A client for the running edge, or null when none runs.</summary>
    public EdgeClient? Connect() => Running() is { } endpoint ? new EdgeClient(endpoint, ReadToken()) : null;

    /// <summary>A client for the running edge, starting one first when none runs.</summary>
    public EdgeClient Ensure() => new(CheckCanServe() ?? Start(publicPort), ReadToken());

    /// <summary>
    /// An edge that died without being stopped (crash, SIGKILL, OOM: its <c>edge-state.json</c> outlived it) is an
    /// outage: it is started again on the port it served, and it adopts the release processes still running with
    /// their weights, schedule and maintenance mode. Returns what the new edge reported, or null when the edge runs
    /// or was stopped in order (Down), or never ran.
    /// </summary>
    public EdgeRecovery? RestartIfCrashed()
    {
        if (Running() != null || ReadSavedState() is not { } dead || IsEdge(dead.Pid))
            return null;
        report($"The edge of '{paths.Environment}' is not running: it died (PID {dead.Pid}, last seen alive {dead.AliveUtc:u}). Restarting it on port {dead.PublicPort}.");
        var endpoint = Start(dead.PublicPort);
        var recovery = RecoveryOf(endpoint);
        if (recovery != null)
            report($"The edge was restarted after {recovery.Down.TotalSeconds:0.0} s down (from its last heartbeat to serving again); " +
                   $"adopted {(recovery.Adopted.Count == 0 ? "no release process" : string.Join(", ", recovery.Adopted))}" +
                   (recovery.Ended.Count == 0 ? "." : $"; ended {string.Join(", ", recovery.Ended)}."));
        return recovery;
    }

    // The new edge writes its state just after edge.json (see EdgeProgram): wait for it, briefly.
    private EdgeRecovery? RecoveryOf(EdgeEndpoint endpoint)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (ReadSavedState() is { } state && state.Pid == endpoint.Pid)
                return state.Recovered;
            Thread.Sleep(20);
        }

        return null;
    }

    /// <summary>How the running edge took over from a predecessor that died, if it did.</summary>
    public EdgeRecovery? LastRecovery() => Running() is { } endpoint && ReadSavedState() is { } state && state.Pid == endpoint.Pid ? state.Recovered : null;

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
            if (endpoint.PublicPort != publicPort)
                throw new InvalidOperationException(
                    $"The edge of '{paths.Environment}' already runs on public port {endpoint.PublicPort}, not {publicPort}. Run --target=Down first to move it.");
            return endpoint;
        }

        CheckPortIsFree(publicPort);
        return null;
    }

    /// <summary>Stops the edge and every slot process it runs; true when one was running.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        var endpoint = Running();
        if (endpoint == null)
        {
            // A crashed edge's releases may still run: Down ends them, and with the state file gone nothing restarts the edge.
            EndLeftoverSlots();
            File.Delete(StateFile);
            return false;
        }

        try
        {
            using var client = new EdgeClient(endpoint, ReadToken());
            await client.ShutdownAsync();
            if (!WaitForExit(endpoint.Pid, timeout))
                throw new TimeoutException($"the edge (PID {endpoint.Pid}) did not exit within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is EdgeUnavailableException or TimeoutException or InvalidOperationException)
        {
            report($"The edge did not shut down cleanly ({e.Message}); ending PID {endpoint.Pid} and its slot processes.");
            Terminate(endpoint.Pid);
        }

        EndLeftoverSlots();
        File.Delete(EndpointFile);
        File.Delete(StateFile);
        return true;
    }

    private EdgeEndpoint Start(int port)
    {
        Directory.CreateDirectory(paths.Edge);
        EnsureToken();
        var program = PrivateCopyOfEdge();
        var launch = OutsideJobLaunch.Detect(OutsideJobLaunch.UnitName(paths.Environment, paths.Edge, DateTimeOffset.UtcNow));

        // setsid puts the edge in its own session, and the redirections give it its own output: it must neither die
        // with the build command nor hold the build command's output pipes open.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = paths.Edge,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("setsid \"$@\" >>\"$EDGE_LOG\" 2>&1 </dev/null & echo $!");
        start.ArgumentList.Add("sh");
        foreach (var argument in launch.Command([Environment.ProcessPath ?? "dotnet", program, $"--state={paths.Edge}", $"--environment={paths.Environment}", $"--public-port={port}"]))
            start.ArgumentList.Add(argument);

        // The edge outlives the CI job that started it: a runner ends what carries the job's variables.
        CiJobVariables.RemoveFrom(start.Environment);
        if (launch.UserManager && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR")))
            start.Environment["XDG_RUNTIME_DIR"] = $"/run/user/{OutsideJobLaunch.EffectiveUserId()}";
        start.Environment["EDGE_LOG"] = LogFile;
        using var shell = Process.Start(start)!;
        var pidText = shell.StandardOutput.ReadToEnd().Trim();
        shell.WaitForExit();
        if (!int.TryParse(pidText, out var pid))
            throw new InvalidOperationException($"The edge could not be started: {shell.StandardError.ReadToEnd().Trim()}");

        var how = launch.Unit == null ? $"detached: {launch.Why}" : $"systemd scope {launch.Unit}.scope ({launch.Why})";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (Running() is { } endpoint && endpoint.Pid == pid)
            {
                report($"Started the edge of '{paths.Environment}' (PID {pid}, {how}) on http://127.0.0.1:{port}/");
                return endpoint;
            }

            if (!ProcessIdentity.IsAlive(pid))
            {
                // Another run may have started the edge at the same moment; it serves, so use it.
                if (Running() is { } other && other.PublicPort == port)
                    return other;
                throw new InvalidOperationException($"The edge exited while starting. Last lines of {LogFile}:\n{LogTail.Read(LogFile, 10)}");
            }

            Thread.Sleep(50);
        }

        Terminate(pid);
        throw new TimeoutException($"The edge did not come up within 20 s and was stopped. Last lines of {LogFile}:\n{LogTail.Read(LogFile, 10)}");
    }

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

    // The token opens the admin API and the operator route: owner-only, and made so again if someone widened it.
    private void EnsureToken()
    {
        if (File.Exists(TokenFile) && new FileInfo(TokenFile).Length > 0)
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(TokenFile) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
            {
                File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                report($"{TokenFile} could be read by others; it is owner-only (0600) again.");
            }

            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(TokenFile, System.Text.Encoding.ASCII, options);
        writer.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
    }

    private string ReadToken() => File.ReadAllText(TokenFile).Trim();

    private EdgeSavedState? ReadSavedState()
    {
        try
        {
            return File.Exists(StateFile) ? JsonSerializer.Deserialize<EdgeSavedState>(File.ReadAllText(StateFile), Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    // The edge runs from a copy named by its content: rebuilding the build program rewrites its output folder, and
    // rewriting the files of a running program can crash it.
    private string PrivateCopyOfEdge()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "edge");
        if (!File.Exists(Path.Combine(source, EdgeProgram)))
            throw new FileNotFoundException($"The edge program is missing from {source}; rebuild the build program (the Deploy.Recipes package puts it there).");
        var (_, digest) = ReleaseManifest.Digest(source);
        var target = Path.Combine(paths.EdgeBinaries, digest[..16]);
        if (!Directory.Exists(target))
        {
            var partial = $"{target}.{Environment.ProcessId}.partial";
            Directory.CreateDirectory(partial);
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(partial, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }

            try
            {
                Directory.Move(partial, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                Directory.Delete(partial, recursive: true); // another run installed the same copy first
            }
        }

        return Path.Combine(target, EdgeProgram);
    }

    private void EndLeftoverSlots()
    {
        var file = Path.Combine(paths.Edge, EdgeFiles.SlotProcesses);
        if (!File.Exists(file))
            return;
        List<SlotProcessRecord>? records;
        try
        {
            records = JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(file), Json);
        }
        catch (JsonException)
        {
            return;
        }

        foreach (var record in records ?? [])
        {
            var dll = record.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
            if (dll != null && ProcessIdentity.IsAlive(record.Pid, record.StartTicks) && ProcessIdentity.CommandLine(record.Pid).Contains(dll, StringComparison.Ordinal))
            {
                report($"Ending slot process {record.Pid} ({record.Slot}) left behind by the edge.");
                Terminate(record.Pid);
            }
        }
    }

    private static bool IsEdge(int pid) => ProcessIdentity.IsAlive(pid) && ProcessIdentity.CommandLine(pid).Contains(EdgeProgram, StringComparison.Ordinal);

    private static bool WaitForExit(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (ProcessIdentity.IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(50);
        }

        return true;
    }

    private static void Terminate(int pid)
    {
        if (!ProcessIdentity.IsAlive(pid))
            return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }
}
