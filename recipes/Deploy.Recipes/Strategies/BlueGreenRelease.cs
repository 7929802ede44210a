using System.Diagnostics;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Health;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Blue-green: the new release starts in the idle slot and is proven there (ready, smoke checks) while customers
/// stay on the live one; then all traffic switches at once; the new release is watched for the verification window
/// (<see cref="VerificationGate"/>) and, if it fails or anything goes wrong while it is watched, traffic switches back
/// by itself. A SIGINT/SIGTERM before verification passed undoes the deploy the same way and marks it cancelled.
/// After a good switch the old release stays warm for the bake time, so Rollback is a switch, then the edge drains
/// and stops it.
/// </summary>
public sealed class BlueGreenRelease(DeployContext context, LocalTarget target)
{
    /// <summary>Releases <paramref name="release"/>; re-running with the live release changes nothing.</summary>
    public async Task DeployAsync(InstalledRelease release)
    {
        var settings = context.Settings;
        var audit = context.Audit;
        var version = release.Manifest.Version;
        var cancel = RunInterruption.Token;
        using var edge = await audit.StepAsync("Deploy/edge", null, () => Task.FromResult(target.Edge.Ensure()));
        var live = LocalTarget.LiveSlot(await edge.StateAsync());
        if (live?.Release == release.Id)
        {
            context.Information("Release {0} ({1}) is already live in slot {2} on {3}; nothing to do.", version, release.Id, live.Name, edge.PublicUrl);
            return;
        }

        if (cancel.IsCancellationRequested)
            throw new RunInterruptedException($"Interrupted by {RunInterruption.Signal} before release {version} was started; nothing was changed.");
        var slot = live == null ? EdgeFiles.SlotNames[0] : LocalTarget.Other(live.Name);
        var history = target.History;
        history.Add(new ReleaseRecord(release.Id, version, slot, DateTimeOffset.UtcNow, ReleaseOutcome.Deploying, null, context.Actor,
            context.Settings.Database.Length == 0 ? null : Database.ReleaseMigrations.SchemaVersionOf(Path.Combine(release.AppDirectory, release.EntryAssembly), Database.MigrationSelection.From(context.Settings))));
        try
        {
            await new SlotLauncher(context, edge).StartAndCheckAsync(slot, release);
        }
        catch (Exception notLive)
        {
            history.SetOutcome(release.Id, ReleaseOutcome.Failed, notLive.Message);
            throw new ReleaseCheckFailedException($"Release {version} did not go live; customers stayed on {live?.Version ?? "nothing"}. {notLive.Message}");
        }

        var switchTried = false;
        try
        {
            cancel.ThrowIfCancellationRequested();
            switchTried = true;
            var switched = await Switch(edge, slot, release.Id, "Deploy/switch");
            context.Information("Switched traffic to {0} (slot {1}) in {2:0.0} ms.", version, slot, switched.TotalMilliseconds);
            await VerifyAsync(edge, slot, release, cancel);
        }
        catch (Exception failure)
        {
            await UndoAsync(edge, release, slot, live, switchTried, failure); // always throws
        }

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

    private async Task VerifyAsync(EdgeClient edge, string slot, InstalledRelease release, CancellationToken cancel)
    {
        var settings = context.Settings;
        if (VerificationSettings.Skipped(settings))
        {
            const string why = "verification skipped (--skip-verification with --verify-time=0): the release went live unverified";
            context.Audit.Note("Deploy/verify", release.Id, "skipped", why);
            context.Warning("Release {0}: {1}.", release.Manifest.Version, why);
            return;
        }

        var verdict = await context.Audit.StepAsync("Deploy/verify", release.Id, async () =>
        {
            var verdict = await VerificationGate.WatchAsync(edge, slot, settings.ReadyPath, settings.VerifyTime, VerificationSettings.Limits(settings), cancel);
            return verdict.State == VerificationState.Passed ? verdict.Description : throw new ReleaseCheckFailedException(verdict.Description);
        });
        context.Information("Release {0} passed verification: {1}.", release.Manifest.Version, verdict);
    }

    // Puts the environment back as it was before the switch and throws why. The history is settled first, so that
    // even if switching back fails (the edge is gone), the release is never left recorded as "deploying".
    private async Task UndoAsync(EdgeClient edge, InstalledRelease release, string slot, SlotState? live, bool switchTried, Exception failure)
    {
        var version = release.Manifest.Version;
        var history = target.History;
        var signal = RunInterruption.Signal;
        var cancelled = signal != null;
        var reason = cancelled
            ? $"cancelled by {signal} before verification passed"
            : failure is ReleaseCheckFailedException ? failure.Message : $"verification could not finish: {failure.Message}";
        if (!cancelled && switchTried && live == null)
        {
            history.SetOutcome(release.Id, ReleaseOutcome.Live, reason);
            throw new ReleaseCheckFailedException(
                $"Release {version} failed its post-switch check: {reason}. There is no previous release to return to, so it stays live; fix forward or run --target=Down.");
        }

        history.SetOutcome(release.Id, cancelled ? ReleaseOutcome.Cancelled : ReleaseOutcome.Failed, reason);
        string back;
        try
        {
            back = !switchTried ? await StopBeforeSwitchAsync(edge, slot, release.Id, live, cancelled)
                : live == null ? await StopUnservedAsync(edge, slot, release.Id)
                : await SwitchBackAsync(edge, slot, release.Id, live, cancelled);
        }
        catch (Exception stuck)
        {
            context.Audit.Note("Deploy/undo", release.Id, "failed", stuck.Message);
            throw new InvalidOperationException(
                $"Release {version} {(cancelled ? "was cancelled" : "failed its post-switch check")} ({reason}), and putting the environment back failed: {stuck.Message} " +
                "Run --target=Status to see what is live, then --target=Rollback.", stuck);
        }

        if (cancelled)
        {
            context.Audit.Note("Deploy/cancel", release.Id, ReleaseOutcome.Cancelled, $"{reason}; {back}");
            throw new RunInterruptedException($"Deploy of {version} {reason}: {back}; the release is recorded as cancelled.");
        }

        throw new ReleaseCheckFailedException($"Release {version} failed its post-switch check: {reason}. {back}.");
    }

    private async Task<string> SwitchBackAsync(EdgeClient edge, string slot, string release, SlotState live, bool cancelled)
    {
        var back = await Switch(edge, live.Name, live.Release!, cancelled ? "Deploy/cancel-switch-back" : "Deploy/automatic-rollback");
        var log = (await edge.StateAsync()).Slots.Single(s => s.Name == slot).LogFile;
        // Interrupted runs may get a second signal soon: let the edge drain and stop the slot instead of waiting here.
        if (cancelled)
            await edge.StopAtAsync(slot, DateTimeOffset.UtcNow, context.Settings.DrainTimeout);
        else
            await edge.StopSlotAsync(slot, context.Settings.DrainTimeout);
        context.Error("Switched back to {0} in {1:0.0} ms. The new release's log stays at {2}.", live.Version, back.TotalMilliseconds, log ?? "(none)");
        return $"Traffic is back on {live.Version} (switched back automatically in {back.TotalMilliseconds:0} ms)";
    }

    private async Task<string> StopBeforeSwitchAsync(EdgeClient edge, string slot, string release, SlotState? live, bool cancelled)
    {
        await context.Audit.StepAsync("Deploy/stop-new-slot", release, () => cancelled
            ? edge.StopAtAsync(slot, DateTimeOffset.UtcNow, context.Settings.DrainTimeout)
            : edge.StopSlotAsync(slot, context.Settings.DrainTimeout));
        return $"traffic was never switched, so customers stayed on {live?.Version ?? "nothing"} and the new slot was stopped";
    }

    private async Task<string> StopUnservedAsync(EdgeClient edge, string slot, string release)
    {
        await context.Audit.StepAsync("Deploy/stop-new-slot", release, async () =>
        {
            await edge.SetTrafficAsync(EdgeFiles.SlotNames.ToDictionary(name => name, _ => 0));
            await edge.StopSlotAsync(slot, context.Settings.DrainTimeout);
        });
        return "there was no release live before it, so its slot was stopped and no release is live";
    }
}
