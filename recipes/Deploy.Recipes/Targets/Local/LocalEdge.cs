using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// The environment's edge process: found when it runs, started when it does not (detached, so it outlives the build
/// command), stopped by Down. The recipe only ever ends the edge whose PID and command line it recorded.
/// </summary>
public sealed class LocalEdge(DeployPaths paths, int publicPort, Action<string> report)
{
    private const string EdgeProgram = "Deploy.Recipes.Edge.dll";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string EndpointFile => Path.Combine(paths.Edge, EdgeFiles.Endpoint);

    private string TokenFile => Path.Combine(paths.Edge, EdgeFiles.Token);

    private string LogFile => Path.Combine(paths.Edge, EdgeFiles.Log);

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
    public EdgeClient Ensure() => new(CheckCanServe() ?? Start(), ReadToken());

    /// <summary>
    /// Fails before anything changes when a release could not be served: the edge runs on another port, or none runs
    /// and the public port is taken by another process. Returns the running edge, or null when one must be started.
    /// </summary>
    public EdgeEndpoint? CheckCanServe()
    {
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
            EndLeftoverSlots();
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
        return true;
    }

    private EdgeEndpoint Start()
    {
        Directory.CreateDirectory(paths.Edge);
        EnsureToken();
        var program = PrivateCopyOfEdge();
        File.Delete(EndpointFile);

        // setsid puts the edge in its own session, and the redirections give it its own output: it must neither die
        // with the build command nor hold the build command's output pipes open.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = paths.Edge,
        };
        foreach (var argument in new[]
                 {
                     "-c", "setsid \"$@\" >>\"$EDGE_LOG\" 2>&1 </dev/null & echo $!", "sh",
                     Environment.ProcessPath ?? "dotnet", program,
                     $"--state={paths.Edge}", $"--environment={paths.Environment}", $"--public-port={publicPort}",
                 })
            start.ArgumentList.Add(argument);
        start.Environment["EDGE_LOG"] = LogFile;
        using var shell = Process.Start(start)!;
        var pidText = shell.StandardOutput.ReadToEnd().Trim();
        shell.WaitForExit();
        if (!int.TryParse(pidText, out var pid))
            throw new InvalidOperationException($"The edge could not be started: {shell.StandardError.ReadToEnd().Trim()}");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (Running() is { } endpoint && endpoint.Pid == pid)
            {
                report($"Started the edge of '{paths.Environment}' (PID {pid}) on http://127.0.0.1:{publicPort}/");
                return endpoint;
            }

            if (!ProcessIdentity.IsAlive(pid))
                throw new InvalidOperationException($"The edge exited while starting. Last lines of {LogFile}:\n{LogTail.Read(LogFile, 10)}");
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

    private void EnsureToken()
    {
        if (File.Exists(TokenFile) && new FileInfo(TokenFile).Length > 0)
            return;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(TokenFile, System.Text.Encoding.ASCII, options);
        writer.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
    }

    private string ReadToken() => File.ReadAllText(TokenFile).Trim();

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
            if (dll != null && ProcessIdentity.CommandLine(record.Pid).Contains(dll, StringComparison.Ordinal))
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
