using Deploy.Recipes.Edge.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// The edge's life: check the inputs, take over the slots of a predecessor that died (adopt what is proven ours, with
/// its weights, schedule and maintenance mode), take the public port, open the admin port, announce both in
/// edge.json, serve with a heartbeat in edge-state.json until asked to stop, then drain and stop every slot and leave.
/// </summary>
internal static class EdgeProgram
{
    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ListenerStop = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        EdgeArguments arguments;
        AdminToken token;
        EdgeEndpointFile endpointFile;
        try
        {
            arguments = EdgeArguments.Parse(args);
            token = AdminToken.Read(arguments.StateDirectory);
            endpointFile = new EdgeEndpointFile(arguments.StateDirectory);
            if (endpointFile.OtherLiveEdge() is { } other)
                throw new EdgeStartupException(EdgeStartupException.Occupied, $"edge: another edge (pid {other}) already serves {arguments.StateDirectory}");
        }
        catch (EdgeStartupException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }

        using var logging = EdgeLogging.Create();
        var log = logging.CreateLogger("Deploy.Recipes.Edge");
        using var shutdown = new EdgeShutdown();
        var shared = new EdgeServices(arguments, token, logging, shutdown);
        if (AdminToken.IsReadableByOthers(arguments.StateDirectory))
            log.LogWarning("{File} can be read by other users; it should be owner-only (chmod 600)", EdgeFiles.Token);

        // Taken over before the public port opens, so customers get the adopted release (or the maintenance page) from
        // the first request on, never a 503 from an edge that has no routes yet. Nothing here stops or kills a release
        // that is proven ours, so an edge that then cannot open the port leaves them as they were.
        var predecessor = shared.StateFile.Load();
        if (predecessor?.Maintenance is { } maintenance)
            shared.Maintenance.Apply(maintenance);
        var takeover = await shared.Adoption.TakeOverAsync();

        await using var publicApp = PublicProxyApp.Build(shared);
        try
        {
            await publicApp.StartAsync();
        }
        catch (IOException e)
        {
            var reason = e.InnerException is AddressInUseException ? "is in use" : $"cannot be opened ({e.Message})";
            await Console.Error.WriteLineAsync($"edge: public port {arguments.PublicPort} {reason}");
            return EdgeStartupException.Occupied;
        }

        WebApplication? adminApp = null;
        try
        {
            var serving = DateTimeOffset.UtcNow;
            var recovered = predecessor is { } dead && dead.Pid != Environment.ProcessId
                ? new EdgeRecovery(dead.Pid, dead.AliveUtc, serving, takeover.Adopted, takeover.Ended)
                : null;
            if (recovered != null)
                log.LogWarning("Took over from edge pid {DeadPid}, which died (last seen alive {LastSeen:O}, {Down:0.0} s ago); adopted: {Adopted}",
                    recovered.DeadPid, recovered.LastSeenAliveUtc, recovered.Down.TotalSeconds, recovered.Adopted.Count == 0 ? "nothing" : string.Join(", ", recovered.Adopted));

            adminApp = AdminApp.Build(shared);
            await adminApp.StartAsync();
            var adminPort = AdminApp.PortOf(adminApp);
            endpointFile.Write(new EdgeEndpoint(Environment.ProcessId, arguments.Environment, arguments.PublicPort, adminPort, serving, EdgeVersion.Current));
            // After edge.json: until then the predecessor's state stays, so a crash right here is still seen as one.
            shared.StateFile.BeginServing(serving, recovered);
            log.LogInformation("Edge {Version} for {Environment} is up: public http://127.0.0.1:{PublicPort}, admin port {AdminPort}, pid {Pid}",
                EdgeVersion.Current, arguments.Environment, arguments.PublicPort, adminPort, Environment.ProcessId);

            using var background = new CancellationTokenSource();
            var scheduledStops = shared.ScheduledStops.RunAsync(background.Token);
            var heartbeat = shared.StateFile.HeartbeatAsync(background.Token);
            var reason = await shutdown.Requested;

            log.LogInformation("Shutting down ({Reason}): draining (at most {Drain} s) and stopping every slot", reason, ShutdownDrain.TotalSeconds);
            await background.CancelAsync();
            await Task.WhenAll(scheduledStops, heartbeat);
            await shared.Slots.StopAllAsync(ShutdownDrain);
            await StopAsync(publicApp);
            await StopAsync(adminApp);
            log.LogInformation("Edge stopped");
            return 0;
        }
        catch (Exception e)
        {
            log.LogCritical(e, "The edge failed; killing its slot processes");
            return 1;
        }
        finally
        {
            // Whatever happened, no slot process outlives the edge's orderly exit, and no edge.json outlives the edge.
            // Only a crash (SIGKILL, OOM) skips this: then edge-state.json stays, and the next edge adopts the slots.
            shared.Slots.KillAll();
            endpointFile.Delete();
            shared.StateFile.Delete();
            if (adminApp != null)
                await adminApp.DisposeAsync();
        }
    }

    private static async Task StopAsync(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(ListenerStop);
        await app.StopAsync(timeout.Token);
    }
}
