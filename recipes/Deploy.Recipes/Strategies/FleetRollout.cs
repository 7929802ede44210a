using Cake.Common.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Takes a release to every host of a target in waves (<see cref="WaveRelease"/>): each wave is placed, started and
/// proven on every host, switched, then verified. Any failure, or a SIGINT/SIGTERM before the last wave passed,
/// switches every host already switched back to the release it served before and stops the new one, so the fleet
/// never stays mixed without the command failing. After success the previous release stays warm on every host for
/// the bake time, and the release is watched while it is (<see cref="PromotionWatch"/>). The environment's history
/// keeps one record per release.
/// </summary>
internal sealed class FleetRollout(DeployContext context, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts)
{
    /// <summary>
    /// Releases <paramref name="release"/> in the waves <paramref name="plan"/> makes, each verified for
    /// <paramref name="verifyTime"/> (the setting <paramref name="verifySetting"/>); re-running with the live release changes nothing.
    /// </summary>
    public async Task DeployAsync(InstalledRelease release, Func<IReadOnlyList<HostRollout>, IReadOnlyList<IReadOnlyList<HostRollout>>> plan, TimeSpan verifyTime, string verifySetting)
    {
        var settings = context.Settings;
        var version = release.Manifest.Version;
        var cancel = RunInterruption.Token;
        var serving = await Task.WhenAll(hosts.Select(async host =>
            (Host: host, Live: SlotTraffic.LiveSlot(await (host.Edge ?? throw new InvalidOperationException($"The edge of host {host.Name} is not running.")).StateAsync()))));
        if (serving.All(s => s.Live?.Release == release.Id))
        {
            if (serving is [var only])
                context.Information("Release {0} ({1}) is already live in slot {2} on {3}; nothing to do.", version, release.Id, only.Live!.Name, only.Host.PublicUrl);
            else
                context.Information("Release {0} ({1}) is already live on all {2} hosts; nothing to do.", version, release.Id, serving.Length);
            return;
        }

        if (cancel.IsCancellationRequested)
            throw new RunInterruptedException($"Interrupted by {RunInterruption.Signal} before release {version} was started; nothing was changed.");
        // A host that already serves this release (a fleet left mixed) keeps it; the others get it.
        var rollouts = serving.Where(s => s.Live?.Release != release.Id).Select(s => new HostRollout(s.Host, s.Live)).ToList();
        // The post-promotion watch's baseline: what the previous release served, read before any switch moves it
        // (and before the history says "deploying": a refused analysis-provider setting changes nothing).
        var watch = new PromotionWatch(context, target);
        var watched = rollouts.All(r => r.Previous != null) ? rollouts.Select(r => new WatchedHost(r.Host, r.Edge, r.Slot, r.Previous!)).ToList() : [];
        var baseline = await watch.BaselineAsync(watched.Select(w => (w.Host.Name, w.Edge, w.Previous.Name)).ToList(), cancel);

        var history = target.History;
        history.Add(new ReleaseRecord(release.Id, version, rollouts[0].Slot, DateTimeOffset.UtcNow, ReleaseOutcome.Deploying, null, context.Actor,
            settings.Database.Length == 0 ? null : Database.ReleaseMigrations.SchemaVersionOf(Path.Combine(release.AppDirectory, release.EntryAssembly), Database.MigrationSelection.From(settings)),
            Commit: release.Manifest.Commit, Digest: release.Manifest.Sha256, AppSettings: AppSettingFingerprints.Of(settings.AppSettings),
            Image: release.Manifest.Image?.Reference));

        var waves = plan(rollouts);
        var wave = new WaveRelease(context);
        var reached = new List<HostRollout>();
        for (var index = 0; index < waves.Count; index++)
        {
            var current = waves[index];
            var where = waves.Count == 1 ? null : $"wave {index + 1} of {waves.Count} ({HostLabel.Names(current.Select(h => h.Host))})";
            if (where != null)
                context.Information("Rolling {0}: {1}.", version, where);
            try
            {
                await wave.StartAndProveAsync(current, release, cancel);
            }
            catch (Exception notLive)
            {
                if (reached.Count == 0)
                {
                    history.SetOutcome(release.Id, ReleaseOutcome.Failed, notLive.Message);
                    throw new ReleaseCheckFailedException($"Release {version} did not go live; customers stayed on {Stayed(rollouts)}. {notLive.Message}");
                }

                await UndoAsync(release, reached, new ReleaseCheckFailedException(notLive.Message), $"failed in {where} before its switch"); // always throws
            }

            reached.AddRange(current);
            try
            {
                cancel.ThrowIfCancellationRequested();
                var switched = await wave.SwitchAsync(current, release);
                if (current is [var one])
                    context.Information("Switched traffic to {0} (slot {1}{2}) in {3:0.0} ms.", version, one.Slot, HostLabel.On(one.Host), switched.Wall.TotalMilliseconds);
                else
                    context.Information("Switched traffic to {0} on {1} hosts in {2:0.0} ms (first to last host switched: {3:0.0} ms).",
                        version, current.Count, switched.Wall.TotalMilliseconds, switched.Spread.TotalMilliseconds);
                await VerifyAsync(wave, current, release, verifyTime, verifySetting, cancel);
            }
            catch (Exception failure)
            {
                await UndoAsync(release, reached, failure, where == null ? "failed its post-switch check" : $"failed its post-switch check in {where}"); // always throws
            }
        }

        history.EndLive(release.Id, ReleaseOutcome.Superseded);
        history.SetOutcome(release.Id, ReleaseOutcome.Live);
        var until = DateTimeOffset.UtcNow + settings.BakeTime;
        foreach (var host in rollouts.Where(h => h.Previous != null))
        {
            await host.Edge.StopAtAsync(host.Previous!.Name, until, settings.DrainTimeout);
            context.Information("Previous release {0} stays warm in slot {1}{2} until {3:u} for instant rollback.", host.Previous.Version, host.Previous.Name, HostLabel.On(host.Host), until);
        }

        foreach (var removed in target.Store.Prune(settings.KeepReleases, reason => context.Warning(reason)))
            context.Verbose("Removed old release {0} (keep-releases={1}).", removed, settings.KeepReleases);
        await Containers.ContainerPrune.RunAsync(context, history, hosts, release, cancel);
        context.Information("Release {0} is live: {1}", version, string.Join(" ", hosts.Select(h => h.PublicUrl)));
        await watch.WatchAsync(release.Id, version, watched, baseline, cancel);
        await context.Events.PublishAsync(ReleaseEventKind.Succeeded, release.Id, version,
            $"Release {version} is live in {settings.Environment}.", previous: rollouts.Select(r => r.Previous?.Release).FirstOrDefault(p => p != null));
    }

    private async Task VerifyAsync(WaveRelease wave, IReadOnlyList<HostRollout> current, InstalledRelease release, TimeSpan window, string windowSetting, CancellationToken cancel)
    {
        if (VerificationSettings.Skipped(context.Settings, window))
        {
            var why = $"verification skipped (--skip-verification with --{windowSetting}=0): the release went live unverified";
            context.Audit.Note("Deploy/verify", release.Id, "skipped", why);
            context.Warning("Release {0}: {1}.", release.Manifest.Version, why);
            return;
        }

        await wave.VerifyAsync(current, release, window, cancel);
    }

    private static string Stayed(IEnumerable<HostRollout> hosts)
    {
        var versions = hosts.Select(h => h.Previous?.Version ?? "nothing").Distinct().ToList();
        return string.Join(" / ", versions);
    }

    // Puts every host the release reached back as it was and throws why. The history is settled first, so that even if
    // switching back fails (an edge is gone), the release is never left recorded as "deploying".
    private async Task UndoAsync(InstalledRelease release, IReadOnlyList<HostRollout> reached, Exception failure, string failed)
    {
        var version = release.Manifest.Version;
        var history = target.History;
        var signal = RunInterruption.Signal;
        var cancelled = signal != null;
        var reason = cancelled
            ? $"cancelled by {signal} before verification passed"
            : failure is ReleaseCheckFailedException or HostsFailedException { CheckFailed: true } ? failure.Message : $"verification could not finish: {failure.Message}";
        var switched = reached.Where(h => h.SwitchTried).ToList();
        if (!cancelled && switched.Count > 0 && switched.All(h => h.Previous == null))
        {
            history.SetOutcome(release.Id, ReleaseOutcome.Live, reason);
            throw new ReleaseCheckFailedException(
                $"Release {version} {failed}: {reason}. There is no previous release to return to, so it stays live; fix forward or run --target=Down.");
        }

        history.SetOutcome(release.Id, cancelled ? ReleaseOutcome.Cancelled : ReleaseOutcome.Failed, reason);
        var previousRelease = reached.Select(h => h.Previous?.Release).FirstOrDefault(p => p != null);
        await context.Events.PublishAsync(ReleaseEventKind.Failed, release.Id, version, $"Release {version} {(cancelled ? "was cancelled" : failed)}: {reason}", reason, previousRelease);
        string back;
        try
        {
            var undone = await Task.WhenAll(reached.Select(async host =>
                (host.Host, Back: !host.SwitchTried ? await StopBeforeSwitchAsync(host, release.Id, cancelled)
                    : host.Previous == null ? await StopUnservedAsync(host, release.Id)
                    : await SwitchBackAsync(host, release.Id, cancelled))));
            back = undone is [var only] ? only.Back : string.Join("; ", undone.Select(u => $"{u.Host.Name}: {u.Back}"));
        }
        catch (Exception stuck)
        {
            context.Audit.Note("Deploy/undo", release.Id, "failed", stuck.Message);
            throw new InvalidOperationException(
                $"Release {version} {(cancelled ? "was cancelled" : failed)} ({reason}), and putting the environment back failed: {stuck.Message} " +
                "Run --target=Status to see what is live, then --target=Rollback.", stuck);
        }

        if (cancelled)
        {
            context.Audit.Note("Deploy/cancel", release.Id, ReleaseOutcome.Cancelled, $"{reason}; {back}");
            throw new RunInterruptedException($"Deploy of {version} {reason}: {back}; the release is recorded as cancelled.");
        }

        if (reached.Any(h => h.SwitchTried && h.Previous != null))
            await context.Events.PublishAsync(ReleaseEventKind.SwitchedBack, release.Id, version, $"{back} after release {version} {failed}.", reason, previousRelease);
        throw new ReleaseCheckFailedException($"Release {version} {failed}: {reason}. {back}.");
    }

    private async Task<string> SwitchBackAsync(HostRollout host, string release, bool cancelled)
    {
        var previous = host.Previous!;
        var step = cancelled ? "Deploy/cancel-switch-back" : "Deploy/automatic-rollback";
        var back = await FleetSwitch.RunAsync(context.Audit, step, previous.Release, [(host.Host, host.Edge, previous.Name, null)]);
        if (back.Failures is [var failure])
            throw new InvalidOperationException($"switching {host.Host.Name} back to {previous.Version} failed: {failure.Error.Message}", failure.Error);
        var log = (await host.Edge.StateAsync()).Slots.Single(s => s.Name == host.Slot).LogFile;
        // Interrupted runs may get a second signal soon: let the edge drain and stop the slot instead of waiting here.
        if (cancelled)
            await host.Edge.StopAtAsync(host.Slot, DateTimeOffset.UtcNow, context.Settings.DrainTimeout);
        else
            await host.Edge.StopSlotAsync(host.Slot, context.Settings.DrainTimeout);
        context.Error("Switched back to {0}{1} in {2:0.0} ms. The new release's log stays at {3}.", previous.Version, HostLabel.On(host.Host), back.Wall.TotalMilliseconds, log ?? "(none)");
        return $"Traffic is back on {previous.Version} (switched back automatically in {back.Wall.TotalMilliseconds:0} ms)";
    }

    private async Task<string> StopBeforeSwitchAsync(HostRollout host, string release, bool cancelled)
    {
        await context.Audit.HostStepAsync("Deploy/stop-new-slot", release, host.Host.Name, () => cancelled
            ? host.Edge.StopAtAsync(host.Slot, DateTimeOffset.UtcNow, context.Settings.DrainTimeout)
            : host.Edge.StopSlotAsync(host.Slot, context.Settings.DrainTimeout));
        return $"traffic was never switched, so customers stayed on {host.Previous?.Version ?? "nothing"} and the new slot was stopped";
    }

    private async Task<string> StopUnservedAsync(HostRollout host, string release)
    {
        await context.Audit.HostStepAsync("Deploy/stop-new-slot", release, host.Host.Name, async () =>
        {
            await host.Edge.SetTrafficAsync(SlotTraffic.None());
            await host.Edge.StopSlotAsync(host.Slot, context.Settings.DrainTimeout);
        });
        return "there was no release live before it, so its slot was stopped and no release is live";
    }
}
