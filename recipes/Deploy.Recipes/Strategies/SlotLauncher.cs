using Cake.Common.Diagnostics;
using Deploy.Recipes.Containers;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Flags;
using Deploy.Recipes.Health;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Puts a release into a slot of one host that carries no traffic and proves it before any customer sees it: start,
/// wait for readiness, smoke-check through the operator route. On any failure the slot is stopped again (its log
/// stays) and traffic was never touched. Every step is audited with the host's name. A release with an image runs as a
/// container the recipe starts (<see cref="ContainerLaunch"/>) and the edge only routes to, probes, drains and stops.
/// </summary>
public sealed class SlotLauncher(DeployContext context, ITargetHost host)
{
    private ITrafficEdge Edge => host.Edge ?? throw new InvalidOperationException($"The edge of host {host.Name} is not running.");

    /// <summary>Starts <paramref name="release"/> (as placed on the host) in <paramref name="slot"/> and checks it.</summary>
    public async Task StartAndCheckAsync(string slot, InstalledRelease release)
    {
        var edge = Edge;
        var settings = context.Settings;
        var health = ReleaseHealth.From(settings);
        var audit = context.Audit;
        var on = HostLabel.On(host);
        var current = (await edge.StateAsync()).Slots.Single(s => s.Name == slot);
        if (current.Weight > 0)
            throw new InvalidOperationException($"Slot {slot}{on} carries {current.Weight}% of traffic; a release can only start in an idle slot.");
        if (current.Status != SlotStatus.Empty)
        {
            await audit.HostStepAsync("release/replace-idle-slot", current.Release, host.Name, async () =>
            {
                context.Information("Stopping {0} (release {1}) in idle slot {2}{3} to make room.", current.Version, current.Release, slot, on);
                await edge.StopAtAsync(slot, null, settings.DrainTimeout);
                await edge.StopSlotAsync(slot, settings.DrainTimeout);
            });
        }

        // One key folder per environment, made before the first start: every release protects cookies with the same keys.
        await DataProtectionKeys.EnsureAsync(host, CancellationToken.None);
        var environment = DataProtectionKeys.AddTo(FeatureFlagsFile.AddTo(context.AppEnvironment(dataDirectory: host.DataDirectory), host), host.DataDirectory);
        ContainerSlot? container = null;
        if (release.Manifest.Image is { } image)
        {
            var started = await audit.HostStepAsync("release/container-run", release.Id, host.Name, async () =>
            {
                container = await new ContainerLaunch(host, edge, settings, context.Secrets).RunAsync(slot, release, environment, message => context.Information(message));
                return $"container {container.Name} runs {image.Reference} on port {container.Port}";
            });
            context.Information("Release {0}{1}: {2}.", release.Manifest.Version, on, started);
        }

        try
        {
            await audit.HostStepAsync("release/start", release.Id, host.Name, () =>
                edge.StartSlotAsync(slot, new StartSlot(release.Id, release.Manifest.Version, container == null ? release.AppDirectory : "",
                    container == null ? release.EntryAssembly : "", environment, container?.Backend())));
        }
        catch when (container != null)
        {
            // The edge was not handed the container: nothing else would ever end it.
            await host.RunAsync(new HostCommand(container.StopArguments()), CancellationToken.None);
            throw;
        }

        try
        {
            var ready = await audit.HostStepAsync("release/ready", release.Id, host.Name, async () =>
                $"ready in {(await WaitReadyAsync(edge, slot, container, health)).TotalSeconds:0.00} s");
            context.Information("Release {0} is ready in slot {1}{2} ({3}).", release.Manifest.Version, slot, on, ready);
            var smoke = await audit.HostStepAsync("release/smoke", release.Id, host.Name, async () =>
                string.Join("; ", await SmokeChecks.RunAsync(path => edge.OperatorGetAsync(slot, path, Timeout.InfiniteTimeSpan, CancellationToken.None), health.SmokeChecks,
                    new ExpectedRelease(release.Manifest.Version, release.Id, slot))));
            context.Information("Smoke checks passed{0} before any customer saw it: {1}", on, smoke);
        }
        catch
        {
            // For a container the edge runs its stop command after the drain: the container is stopped, the slot empty.
            await edge.StopSlotAsync(slot, settings.DrainTimeout);
            throw;
        }
    }

    private Task<TimeSpan> WaitReadyAsync(ITrafficEdge edge, string slot, ContainerSlot? container, ReleaseHealth health) =>
        container == null
            ? ReadinessWait.WaitAsync(edge, slot, health.ReadyPath, context.Settings.ReadyTimeout)
            : ContainerReadiness.WaitAsync(edge, host, container, slot, health.ReadyPath, context.Settings.ReadyTimeout, context.Secrets);
}
