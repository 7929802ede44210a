using Cake.Common.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Takes a started canary through its steps from a given one: each step sets its weight on every host carrying the
/// canary at once and is judged (<see cref="StepAnalysis"/>). Passed goes on; a failed verdict (or too many analysis
/// errors) aborts at once and fails the command quoting the verdict; a <c>manual</c> step, or one still inconclusive
/// with <c>on-inconclusive=pause</c>, saves the canary paused and ends the command with success. After the last step
/// the release takes all traffic on every host (hosts outside <c>canary-hosts</c> get it started, proven and switched
/// then, like a blue-green wave) and the previous release stays warm for the bake time. Deploy and Promote share it.
/// </summary>
internal sealed class CanaryStepping(DeployContext context, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts, InstalledRelease release, string task)
{
    /// <summary>Runs the canary of <paramref name="record"/> from step <paramref name="from"/> (the plan's promotion index skips to 100%).</summary>
    public async Task RunAsync(ReleaseRecord record, CanaryPlan plan, int from)
    {
        var settings = context.Settings;
        var history = target.History;
        var progress = record.Canary!;
        var carrying = CanaryTraffic.Carrying(progress, hosts);
        var version = record.Version;
        for (var index = from; index < plan.Promotion; index++)
        {
            var step = plan.Steps[index];
            progress = progress.Stepping(index, step.Weight, DateTimeOffset.UtcNow);
            history.SetCanary(record.Id, progress);
            await CanaryTraffic.SetAsync(context, $"{task}/canary-step", record.Id, carrying, step.Weight);
            context.Information("Canary {0}: step {1} of {2}: {3}% of traffic{4}.", version, index + 1, plan.Promotion, step.Weight,
                step.Pause is { } pause ? $", judged for {Durations.Describe(pause)}" : ", judged once, then paused for an operator");

            var report = AnalysisReporting.To(context, $"{task}/canary-step", record.Id);
            var result = await StepAnalysis.RunAsync(AnalysisMetricsChoice.From(settings), await AnalysisHostsAsync(carrying), StepAnalysisPolicy.From(settings, step.Pause),
                AnalysisLimits.From(settings), verdict =>
                {
                    report(verdict);
                    progress = progress.Judged($"{step.Weight}%: {verdict.Outcome.ToString().ToLowerInvariant()}: {verdict.Description}");
                    history.SetCanary(record.Id, progress);
                }, RunInterruption.Token);

            if (result.Outcome is StepAnalysisOutcome.Failed or StepAnalysisOutcome.AbortedOnErrors)
            {
                var reason = $"failed at {step.Weight}%: {result.Description}";
                context.Error("Canary {0} {1}. Aborting at once.", version, reason);
                var stableRelease = history.Live?.Id;
                await context.Events.PublishAsync(ReleaseEventKind.Failed, record.Id, version, $"Canary {version} {reason}", reason, stableRelease);
                await new CanaryAbort(context, target, hosts).RunAsync(record with { Canary = progress }, AbortPlan.Instant, task, reason);
                await context.Events.PublishAsync(ReleaseEventKind.SwitchedBack, record.Id, version,
                    $"Every customer is back on the stable release{(history.Live is { } back ? $" {back.Version}" : "")}: canary {version} was aborted at once.", reason, stableRelease);
                throw new ReleaseCheckFailedException(
                    $"Canary {version} {reason}. It was aborted at once: every customer is back on the stable release{(history.Live is { } stable ? $" {stable.Version}" : "")}, and the canary's slot was stopped.");
            }

            if (step.Pause == null || result.Outcome == StepAnalysisOutcome.PausedInconclusive)
            {
                progress = progress.Paused();
                history.SetCanary(record.Id, progress);
                var why = step.Pause == null ? "manual step" : result.Description;
                context.Audit.Note($"{task}/canary-paused", record.Id, CanaryState.Paused, $"{why}; {progress.Describe()}");
                context.Information("Canary {0} {1} ({2}).", version, progress.Describe(), why);
                await context.Events.PublishAsync(ReleaseEventKind.Paused, record.Id, version,
                    $"Canary {version} {progress.Describe()} ({why}).", why);
                return;
            }
        }

        await PromoteAsync(record with { Canary = progress }, plan);
    }

    private async Task<IReadOnlyList<AnalysisHost>> AnalysisHostsAsync(IReadOnlyList<(ITargetHost Host, CanaryHost Slots)> carrying)
    {
        // Hosts outside canary-hosts serve only the stable release: their traffic counts for the stable side.
        var others = new List<AnalysisHost>();
        foreach (var host in hosts.Where(h => carrying.All(c => c.Host != h)))
        {
            var edge = host.Edge!;
            if (SlotTraffic.LiveSlot(await edge.StateAsync()) is { } live)
                others.Add(new AnalysisHost(host.Name, edge, live.Name, null));
        }

        return [.. carrying.Select(c => new AnalysisHost(c.Host.Name, c.Host.Edge!, c.Slots.StableSlot, c.Slots.CanarySlot)), .. others];
    }

    private async Task PromoteAsync(ReleaseRecord record, CanaryPlan plan)
    {
        var settings = context.Settings;
        var history = target.History;
        var version = record.Version;
        var progress = record.Canary!.Promoting(DateTimeOffset.UtcNow, plan.Promotion);
        history.SetCanary(record.Id, progress);
        var carrying = CanaryTraffic.Carrying(progress, hosts);

        // Hosts outside canary-hosts are released like one blue-green wave: proven with no traffic first, so a host that
        // cannot run the release leaves the canary where it was.
        var others = new List<HostRollout>();
        foreach (var host in hosts.Where(h => carrying.All(c => c.Host != h)))
        {
            var live = SlotTraffic.LiveSlot(await host.Edge!.StateAsync());
            if (live?.Release != record.Id)
                others.Add(new HostRollout(host, live));
        }

        var wave = new WaveRelease(context);
        if (others.Count > 0)
        {
            context.Information("Canary {0}: starting it on {1}, the hosts that did not carry the canary.", version, HostLabel.Names(others.Select(o => o.Host)));
            try
            {
                await wave.StartAndProveAsync(others, release, RunInterruption.Token);
            }
            catch (Exception notProven)
            {
                history.SetCanary(record.Id, progress with { State = CanaryState.Paused, StepIndex = plan.Promotion - 1 });
                throw new ReleaseCheckFailedException(
                    $"Canary {version} could not be promoted: {notProven.Message} The canary stays where it was; fix the hosts and run --target=Promote again, or --target=Abort.");
            }
        }

        // The post-promotion watch's baseline: what the stable release served, read before the last shift to 100% moves it.
        var watch = new PromotionWatch(context, target);
        var watched = new List<WatchedHost>();
        foreach (var (host, slots) in carrying)
            watched.Add(new WatchedHost(host, host.Edge!, slots.CanarySlot, (await host.Edge!.StateAsync()).Slots.Single(s => s.Name == slots.StableSlot)));
        watched.AddRange(others.Where(o => o.Previous != null).Select(o => new WatchedHost(o.Host, o.Edge, o.Slot, o.Previous!)));
        var baseline = await watch.BaselineAsync(watched.Select(w => (w.Host.Name, w.Edge, w.Previous.Name)).ToList(), RunInterruption.Token);

        await CanaryTraffic.SetAsync(context, $"{task}/promote", record.Id, carrying, 100);
        if (others.Count > 0)
        {
            var switched = await wave.SwitchAsync(others, release);
            context.Information("Switched {0} more hosts to {1} in {2:0.0} ms.", others.Count, version, switched.Wall.TotalMilliseconds);
        }

        history.EndLive(record.Id, ReleaseOutcome.Superseded);
        history.SetOutcome(record.Id, ReleaseOutcome.Live);
        history.SetCanary(record.Id, progress.Done());
        var until = DateTimeOffset.UtcNow + settings.BakeTime;
        foreach (var (host, slots) in carrying)
            await host.Edge!.StopAtAsync(slots.StableSlot, until, settings.DrainTimeout);
        foreach (var host in others.Where(h => h.Previous != null))
            await host.Edge.StopAtAsync(host.Previous!.Name, until, settings.DrainTimeout);
        context.Information("Previous release stays warm until {0:u} for instant rollback.", until);
        foreach (var removed in target.Store.Prune(settings.KeepReleases, reason => context.Warning(reason)))
            context.Verbose("Removed old release {0} (keep-releases={1}).", removed, settings.KeepReleases);
        await Containers.ContainerPrune.RunAsync(context, history, hosts, release, RunInterruption.Token);
        context.Information("Release {0} is live (promoted from canary): {1}", version, string.Join(" ", hosts.Select(h => h.PublicUrl)));
        await watch.WatchAsync(record.Id, version, watched, baseline, RunInterruption.Token);
        await context.Events.PublishAsync(ReleaseEventKind.Succeeded, record.Id, version,
            $"Release {version} is live in {settings.Environment} (promoted from canary).", previous: watched.Select(w => w.Previous.Release).FirstOrDefault(p => p != null));
    }
}
