using System.Diagnostics;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Health;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Blue-green: the new release starts in the idle slot and is proven there (ready, smoke checks) while customers
/// stay on the live one; then all traffic switches at once; the new release is watched for the verification window
/// (<see cref="ErrorRateGate"/>) and, if it fails, traffic switches back by itself. After a good switch the old release
/// stays warm for the bake time, so Rollback is a switch, then the edge drains and stops it.
/// </summary>
public sealed class BlueGreenRelease(DeployContext context, LocalTarget target)
{
    /// <summary>Releases <paramref name="release"/>; re-running with the live release changes nothing.</summary>
    public async Task DeployAsync(InstalledRelease release)
    {
        var settings = context.Settings;
        var audit = context.Audit;
        var version = release.Manifest.Version;
        using var edge = await audit.StepAsync("Deploy/edge", null, () => Task.FromResult(target.Edge.Ensure()));
        var live = LocalTarget.LiveSlot(await edge.StateAsync());
        if (live?.Release == release.Id)
        {
            context.Information("Release {0} ({1}) is already live in slot {2} on {3}; nothing to do.", version, release.Id, live.Name, edge.PublicUrl);
            return;
        }

        var slot = live == null ? EdgeFiles.SlotNames[0] : LocalTarget.Other(live.Name);
        var history = target.History;
        history.Add(new ReleaseRecord(release.Id, version, slot, DateTimeOffset.UtcNow, ReleaseOutcome.Deploying, null, context.Actor,
            context.Settings.Database.Length == 0 ? null : Database.ReleaseMigrations.SchemaVersionOf(Path.Combine(release.AppDirectory, release.EntryAssembly))));
        try
        {
            await new SlotLauncher(context, edge).StartAndCheckAsync(slot, release);
        }
        catch (Exception notLive)
        {
            history.SetOutcome(release.Id, ReleaseOutcome.Failed, notLive.Message);
            throw new ReleaseCheckFailedException($"Release {version} did not go live; customers stayed on {live?.Version ?? "nothing"}. {notLive.Message}");
        }

        var switched = await Switch(edge, slot, release.Id, "Deploy/switch");
        context.Information("Switched traffic to {0} (slot {1}) in {2:0.0} ms.", version, slot, switched.TotalMilliseconds);

        string? failure = null;
        try
        {
            await audit.StepAsync("Deploy/verify", release.Id, async () =>
            {
                var verdict = await ErrorRateGate.WatchAsync(edge, slot, settings.VerifyTime, settings.MaxErrorRate);
                return verdict.Passed
                    ? $"{verdict.Errors} errors in {verdict.Requests} requests (customers' and readiness probes')"
                    : throw new ReleaseCheckFailedException(verdict.Failure!);
            });
        }
        catch (ReleaseCheckFailedException unhealthy)
        {
            failure = unhealthy.Message;
        }

        if (failure != null)
            await SwitchBack(edge, release, slot, live, failure);

        history.EndLive(release.Id, ReleaseOutcome.Superseded);
        history.SetOutcome(release.Id, ReleaseOutcome.Live);
        if (live != null)
        {
            var until = DateTimeOffset.UtcNow + settings.BakeTime;
            await edge.StopAtAsync(live.Name, until, settings.DrainTimeout);
            context.Information("Previous release {0} stays warm in slot {1} until {2:u} for instant rollback.", live.Version, live.Name, until);
        }

        foreach (var removed in target.Store.Prune(settings.KeepReleases, reason => context.Warning(reason)))
            context.Verbose("Removed old release {0} (keep-releases={1}).", removed, settings.KeepReleases);
        context.Information("Release {0} is live: {1}", version, edge.PublicUrl);
    }

    private async Task<TimeSpan> Switch(EdgeClient edge, string slot, string release, string step) =>
        await context.Audit.StepAsync(step, release, async () =>
        {
            var clock = Stopwatch.StartNew();
            await edge.SetTrafficAsync(LocalTarget.AllTo(slot));
            return clock.Elapsed;
        });

    private async Task SwitchBack(EdgeClient edge, InstalledRelease release, string slot, SlotState? live, string failure)
    {
        var history = target.History;
        history.SetOutcome(release.Id, ReleaseOutcome.Failed, failure);
        if (live == null)
        {
            history.SetOutcome(release.Id, ReleaseOutcome.Live, failure);
            throw new ReleaseCheckFailedException(
                $"Release {release.Manifest.Version} failed its post-switch check: {failure}. There is no previous release to return to, so it stays live; fix forward or run --target=Down.");
        }

        var back = await Switch(edge, live.Name, live.Release!, "Deploy/automatic-rollback");
        var log = (await edge.StateAsync()).Slots.Single(s => s.Name == slot).LogFile;
        await edge.StopSlotAsync(slot, context.Settings.DrainTimeout);
        context.Error("Switched back to {0} in {1:0.0} ms. The failed release's log stays at {2}.", live.Version, back.TotalMilliseconds, log ?? "(none)");
        throw new ReleaseCheckFailedException(
            $"Release {release.Manifest.Version} failed its post-switch check: {failure}. Traffic is back on {live.Version} (switched back automatically in {back.TotalMilliseconds:0} ms).");
    }
}
