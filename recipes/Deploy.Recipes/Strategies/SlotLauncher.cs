using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Flags;
using Deploy.Recipes.Health;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Puts a release into a slot of one host that carries no traffic and proves it before any customer sees it: start,
/// wait for readiness, smoke-check through the operator route. On any failure the slot is stopped again (its log
/// stays) and traffic was never touched. Every step is audited with the host's name.
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

        await audit.HostStepAsync("release/start", release.Id, host.Name, () =>
            edge.StartSlotAsync(slot, new StartSlot(release.Id, release.Manifest.Version, release.AppDirectory, release.EntryAssembly,
                FeatureFlagsFile.AddTo(context.AppEnvironment(dataDirectory: host.DataDirectory), host))));
        try
        {
            var ready = await audit.HostStepAsync("release/ready", release.Id, host.Name, async () =>
                $"ready in {(await ReadinessWait.WaitAsync(edge, slot, health.ReadyPath, settings.ReadyTimeout)).TotalSeconds:0.00} s");
            context.Information("Release {0} is ready in slot {1}{2} ({3}).", release.Manifest.Version, slot, on, ready);
            var smoke = await audit.HostStepAsync("release/smoke", release.Id, host.Name, async () =>
                string.Join("; ", await SmokeChecks.RunAsync(path => edge.OperatorGetAsync(slot, path, Timeout.InfiniteTimeSpan, CancellationToken.None), health.SmokeChecks,
                    new ExpectedRelease(release.Manifest.Version, release.Id, slot))));
            context.Information("Smoke checks passed{0} before any customer saw it: {1}", on, smoke);
        }
        catch
        {
            await edge.StopSlotAsync(slot, settings.DrainTimeout);
            throw;
        }
    }
}
