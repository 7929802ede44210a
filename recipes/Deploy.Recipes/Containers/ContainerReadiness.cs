using Deploy.Recipes.Health;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Containers;

/// <summary>
/// Waits for a container release to be ready as for a process (<see cref="ReadinessWait"/>, through the edge), and
/// watches the container meanwhile: the edge cannot see a container end, so one that exited or that Docker is
/// restarting fails the wait at once, quoting its <c>docker logs</c> and exit code, instead of at the ready timeout.
/// </summary>
public static class ContainerReadiness
{
    private static readonly TimeSpan InspectEvery = TimeSpan.FromMilliseconds(500);
    private const int LogLines = 20;

    /// <summary>Returns how long readiness took.</summary>
    public static async Task<TimeSpan> WaitAsync(ITrafficEdge edge, ITargetHost host, ContainerSlot container, string slot, string readyPath, TimeSpan timeout, SecretMask secrets)
    {
        using var stop = new CancellationTokenSource();
        var ready = ReadinessWait.WaitAsync(edge, slot, readyPath, timeout);
        var watch = WatchAsync(host, container, stop.Token);
        var first = await Task.WhenAny(ready, watch);
        ContainerInspection ended;
        if (first == ready)
        {
            await stop.CancelAsync();
            await Ignore(watch);
            if (ready.IsCompletedSuccessfully)
                return ready.Result;
            // The edge may notice first that nothing answers any more; Docker knows why, so its account wins.
            if (await ContainerInspection.ReadAsync(host, container.DockerHost, container.Name, CancellationToken.None) is not { Ended: true } inspection)
                return await ready;
            ended = inspection;
        }
        else
        {
            // The readiness wait ends by itself once the slot is emptied (or at its timeout); its error is this one's echo.
            _ = Ignore(ready);
            ended = await watch;
        }

        var logs = await host.RunAsync(new HostCommand(ContainerSlot.LogArguments(container.DockerHost, container.Name, LogLines), Timeout: TimeSpan.FromSeconds(30)), CancellationToken.None);
        throw new ReleaseCheckFailedException(secrets.Apply(
            $"Container {container.Name} ({container.Image.Reference}) in slot {slot} on host {host.Name} {Ended(ended)} before it was ready. " +
            $"Last lines of its docker logs:\n{(logs.Output + logs.Error).TrimEnd()}"));
    }

    /// <summary>The way a container ended, in words: <c>exited with code 1</c>, <c>is restarting (exit code 1, restarted 2 times)</c>.</summary>
    public static string Ended(ContainerInspection inspection) =>
        inspection.Id.Length == 0 ? "is gone (removed outside the recipe)"
        : inspection.State is "exited" or "dead"
            ? $"exited with code {inspection.ExitCode}{(inspection.RestartCount > 0 ? $" after {inspection.RestartCount} restarts" : "")}"
            : inspection.State == "running"
                ? $"ended (exit code unknown: Docker restarted it {inspection.RestartCount} times)"
                : $"ended with exit code {inspection.ExitCode} and Docker is restarting it (restarted {inspection.RestartCount} times)";

    // Returns the inspection that shows the container ended; runs until cancelled otherwise. A container that is gone
    // counts as ended too (someone removed it).
    private static async Task<ContainerInspection> WatchAsync(ITargetHost host, ContainerSlot container, CancellationToken cancel)
    {
        while (true)
        {
            await Task.Delay(InspectEvery, cancel);
            var inspection = await InspectAsync(host, container, cancel);
            if (inspection.Ended)
                return inspection.State == "running" ? await ExitCodeAsync(host, container, inspection, cancel) : inspection;
        }
    }

    // Docker resets the exit code when it restarts a container, so one caught running again after a restart tells none:
    // the next crash shows it while Docker waits to restart (state "restarting"), within its back-off of a few seconds.
    private static async Task<ContainerInspection> ExitCodeAsync(ITargetHost host, ContainerSlot container, ContainerInspection restarted, CancellationToken cancel)
    {
        for (var look = 0; look < 50; look++)
        {
            await Task.Delay(100, cancel);
            var inspection = await InspectAsync(host, container, cancel);
            if (inspection.State != "running")
                return inspection;
        }
        return restarted;
    }

    private static async Task<ContainerInspection> InspectAsync(ITargetHost host, ContainerSlot container, CancellationToken cancel) =>
        await ContainerInspection.ReadAsync(host, container.DockerHost, container.Name, cancel)
        ?? new ContainerInspection("", container.Image.Reference, "dead", -1, 0, null);

    private static async Task Ignore(Task task)
    {
        try
        {
            await task;
        }
        catch
        {
            // Ended because the other side of the race decided; nothing to report.
        }
    }
}
