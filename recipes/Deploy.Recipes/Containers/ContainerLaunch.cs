using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Containers;

/// <summary>
/// Runs a release's container on a host for an idle slot: a loopback port the edge's host has free, any stale container
/// of the same name out of the way, then <c>docker run</c> with the app's environment on standard input. The edge is
/// handed it afterwards (<see cref="ContainerSlot.Backend"/>).
/// </summary>
public sealed class ContainerLaunch(ITargetHost host, ITrafficEdge edge, DeploySettings settings, SecretMask secrets)
{
    /// <summary>
    /// Starts the container of <paramref name="release"/> for <paramref name="slot"/>, listening on a free loopback port,
    /// and returns it. <paramref name="environment"/> is the app's (settings, feature-flags file, key folder); the port is
    /// added here. Throws with docker's own words (secrets masked) when the container cannot be run.
    /// </summary>
    public async Task<ContainerSlot> RunAsync(string slot, InstalledRelease release, IReadOnlyDictionary<string, string> environment, Action<string> report)
    {
        var port = await edge.FreePortAsync();
        var container = ContainerSlot.For(settings, host.Name, slot, release, port, host.DataDirectory);
        var appEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            // Set last, as the edge does for a process: the edge routes to this port, so an app setting cannot move it.
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        var envFile = ContainerLaunchEnvironment.EnvFile(appEnvironment);

        await RemoveStaleAsync(container.Name, report);
        var run = await host.RunAsync(new HostCommand(container.RunArguments(), envFile), CancellationToken.None);
        if (run.ExitCode != 0)
        {
            // docker run may have created the container before it failed to start it: leave no half-made container behind.
            await host.RunAsync(new HostCommand(ContainerSlot.RemoveArguments(settings.DockerHost, container.Name)), CancellationToken.None);
            throw new InvalidOperationException(secrets.Apply(
                $"docker run of {container.Image.Reference} as {container.Name} failed on host {host.Name} (exit code {run.ExitCode}): {run.Error.Trim()}"));
        }
        return container;
    }

    /// <summary>
    /// A container of this name that no slot routes to is left from an earlier run that did not finish (or a release
    /// started in this slot before, now stopped): it is removed, so the name is free. One a slot routes to is never touched.
    /// </summary>
    private async Task RemoveStaleAsync(string name, Action<string> report)
    {
        var state = await edge.StateAsync();
        if (state.Slots.FirstOrDefault(s => s.Backend == name) is { } routed)
            throw new InvalidOperationException($"Container {name} on host {host.Name} is what slot {routed.Name} routes to; it cannot be replaced.");
        if (await ContainerInspection.ReadAsync(host, settings.DockerHost, name, CancellationToken.None) is not { } stale)
            return;
        report($"Removing container {name} ({stale.ShortId}, {stale.Describe()}) left from an earlier start on host {host.Name}.");
        var removed = await host.RunAsync(new HostCommand(ContainerSlot.RemoveArguments(settings.DockerHost, name)), CancellationToken.None);
        if (removed.ExitCode != 0 && !removed.Error.Contains("No such", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Could not remove the stale container {name} on host {host.Name}: {removed.Error.Trim()}");
    }
}
