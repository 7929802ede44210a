using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Health;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// Puts a release into a slot that carries no traffic and proves it before any customer sees it: start, wait for
/// readiness, smoke-check through the operator route. On any failure the slot is stopped again (its log stays) and
/// traffic was never touched.
/// </summary>
public sealed class SlotLauncher(DeployContext context, EdgeClient edge)
{
    /// <summary>Starts <paramref name="release"/> in <paramref name="slot"/> and checks it.</summary>
    public async Task StartAndCheckAsync(string slot, InstalledRelease release)
    {
        var settings = context.Settings;
        var health = ReleaseHealth.From(settings);
        var audit = context.Audit;
        var current = (await edge.StateAsync()).Slots.Single(s => s.Name == slot);
        if (current.Weight > 0)
            throw new InvalidOperationException($"Slot {slot} carries {current.Weight}% of traffic; a release can only start in an idle slot.");
        if (current.Status != "empty")
        {
            await audit.StepAsync("release/replace-idle-slot", current.Release, async () =>
            {
                context.Information("Stopping {0} (release {1}) in idle slot {2} to make room.", current.Version, current.Release, slot);
                await edge.StopAtAsync(slot, null, settings.DrainTimeout);
                await edge.StopSlotAsync(slot, settings.DrainTimeout);
            });
        }

        await audit.StepAsync("release/start", release.Id, () =>
            edge.StartSlotAsync(slot, new StartSlot(release.Id, release.Manifest.Version, release.AppDirectory, release.EntryAssembly, context.AppEnvironment())));
        try
        {
            var ready = await audit.StepAsync("release/ready", release.Id, async () =>
                $"ready in {(await ReadinessWait.WaitAsync(edge, slot, health.ReadyPath, settings.ReadyTimeout)).TotalSeconds:0.00} s");
            context.Information("Release {0} is ready in slot {1} ({2}).", release.Manifest.Version, slot, ready);
            var smoke = await audit.StepAsync("release/smoke", release.Id, async () =>
                string.Join("; ", await SmokeChecks.RunAsync(path => edge.OperatorGetAsync(slot, path), health.SmokeChecks,
                    new ExpectedRelease(release.Manifest.Version, release.Id, slot))));
            context.Information("Smoke checks passed before any customer saw it: {0}", smoke);
        }
        catch
        {
            await edge.StopSlotAsync(slot, settings.DrainTimeout);
            throw;
        }
    }
}
