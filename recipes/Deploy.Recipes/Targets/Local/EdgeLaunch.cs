using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// Starts the environment's edge outside the CI job's reach (see <see cref="OutsideJobLaunch"/>), so it outlives the
/// build command and the job, from its private copy (<see cref="EdgeProgramCopy"/>), and waits until it serves.
/// </summary>
internal sealed class EdgeLaunch(DeployPaths paths, LocalEdgeFiles files, Action<string> report)
{
    /// <summary>Starts an edge on public port <paramref name="port"/>; returns its endpoint once it serves.</summary>
    public EdgeEndpoint Start(int port)
    {
        Directory.CreateDirectory(paths.Edge);
        EdgeToken.Ensure(Path.Combine(paths.Edge, EdgeFiles.Token), report);
        var program = EdgeProgramCopy.Ensure(paths.EdgeBinaries);
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
        start.Environment["EDGE_LOG"] = files.LogFile;
        using var shell = Process.Start(start)!;
        var pidText = shell.StandardOutput.ReadToEnd().Trim();
        shell.WaitForExit();
        if (!int.TryParse(pidText, out var pid))
            throw new InvalidOperationException($"The edge could not be started: {shell.StandardError.ReadToEnd().Trim()}");

        var how = launch.Unit == null ? $"detached: {launch.Why}" : $"systemd scope {launch.Unit}.scope ({launch.Why})";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (files.Running() is { } endpoint && endpoint.Pid == pid)
            {
                report($"Started the edge of '{paths.Environment}' (PID {pid}, {how}) on http://127.0.0.1:{port}/");
                return endpoint;
            }

            if (!ProcessIdentity.IsAlive(pid))
            {
                // Another run may have started the edge at the same moment; it serves, so use it.
                if (files.Running() is { } other && other.PublicPort == port)
                    return other;
                throw new InvalidOperationException($"The edge exited while starting. Last lines of {files.LogFile}:\n{LogTail.Read(files.LogFile, 10)}");
            }

            Thread.Sleep(50);
        }

        EdgeProcessEnd.Terminate(pid);
        throw new TimeoutException($"The edge did not come up within 20 s and was stopped. Last lines of {files.LogFile}:\n{LogTail.Read(files.LogFile, 10)}");
    }
}
