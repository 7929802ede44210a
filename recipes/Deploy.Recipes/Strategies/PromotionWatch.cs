using Cake.Common.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// The post-promotion watch: after a release took all traffic (blue-green and rolling after the last wave, the canary
/// at 100%) while the previous release is still warm, the new slot is judged every <c>analysis-interval</c> for
/// <c>watch-time</c> (at most the bake time) by the same analysis as a canary step, against the absolute limits and
/// against the previous release's baseline taken before the switch (<see cref="BaselineAsync"/>).
/// <list type="bullet">
/// <item>Fail: every host switches back to the previous release (it is warm: a switch, no start), the new slot is
/// stopped, the history records the new release failed with the verdict and the previous one live again, and the
/// command fails naming the verdict.</item>
/// <item>Inconclusive (too little traffic): the watch goes on; at its end the release stays (no limit broke).</item>
/// <item>Errors: tolerated as in a step; more than <c>max-analysis-errors</c> in a row end the watch early with a
/// warning and the release stays live: the release already passed its verification and carries every customer, and
/// moving them all back because the metrics cannot be read would be a blind rollback. The previous release stays
/// warm for the bake time, so <c>--target=Rollback</c> is still instant.</item>
/// </list>
/// While it runs, the release's history record carries <see cref="ReleaseRecord.WatchUntilUtc"/> (Status: "watching
/// until ..."); every verdict is printed and audited (<c>Deploy/watch/analysis</c>), and so is the end
/// (<c>Deploy/watch</c>).
/// </summary>
internal sealed class PromotionWatch(DeployContext context, IReleaseTarget target)
{
    /// <summary>How long a release is watched: <c>watch-time</c>, at most <c>bake-time</c> (zero: no watch).</summary>
    public static TimeSpan LengthFor(DeploySettings settings) => settings.WatchTime < settings.BakeTime ? settings.WatchTime : settings.BakeTime;

    /// <summary>
    /// What the previous release served before the switch (the watch's baseline), read from the slots that serve now;
    /// null when there is nothing to watch or it cannot be read (the watch then judges the absolute limits only).
    /// </summary>
    public async Task<SideMeasurement?> BaselineAsync(IReadOnlyList<(string Host, ITrafficEdge Edge, string LiveSlot)> hosts, CancellationToken cancel)
    {
        if (LengthFor(context.Settings) <= TimeSpan.Zero || hosts.Count == 0)
            return null;
        var metrics = AnalysisMetricsChoice.From(context.Settings);
        try
        {
            return await metrics.LookBackAsync(hosts.Select(h => new AnalysisHost(h.Host, h.Edge, h.LiveSlot, null)).ToList(), LengthFor(context.Settings), cancel);
        }
        catch (AnalysisMetricsUnavailableException unavailable)
        {
            context.Warning("The post-promotion watch has no baseline of the previous release ({0}); it will judge the absolute limits only.", unavailable.Message);
            return null;
        }
    }

    /// <summary>
    /// Watches <paramref name="releaseId"/> (<paramref name="version"/>) on <paramref name="hosts"/>; returns when the
    /// watch ended with the release live, throws <see cref="ReleaseCheckFailedException"/> after switching back.
    /// </summary>
    public async Task WatchAsync(string releaseId, string version, IReadOnlyList<WatchedHost> hosts, SideMeasurement? baseline, CancellationToken cancel)
    {
        var settings = context.Settings;
        var length = LengthFor(settings);
        if (length <= TimeSpan.Zero || hosts.Count == 0)
            return;
        var metrics = AnalysisMetricsChoice.From(settings);
        var history = target.History;
        var previous = hosts[0].Previous;
        var until = DateTimeOffset.UtcNow + length;
        var basis = baseline == null ? "the absolute limits (no baseline)" : $"the absolute limits and the baseline of {previous.Version} ({CanaryAnalysis.Side(baseline)})";
        history.SetWatch(releaseId, until);
        context.Audit.Note("Deploy/watch", releaseId, "started", $"watching until {until:u} against {basis}; {previous.Version} stays warm");
        context.Information("Watching {0} until {1:u} ({2}), judged every {3} against {4}; a failure switches back to {5}.",
            version, until, Durations.Describe(length), Durations.Describe(settings.AnalysisInterval), basis, previous.Version);

        StepAnalysisResult result;
        try
        {
            result = await StepAnalysis.RunAsync(
                metrics, hosts.Select(h => new AnalysisHost(h.Host.Name, h.Edge, h.Previous.Name, h.Slot)).ToList(),
                new StepAnalysisPolicy(length, settings.AnalysisInterval, TimeSpan.Zero, InconclusiveAction.Pass, settings.MaxAnalysisErrors),
                AnalysisLimits.From(settings), AnalysisReporting.To(context, "Deploy/watch", releaseId), cancel,
                baseline ?? SideMeasurement.None);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            history.SetWatch(releaseId, null);
            context.Audit.Note("Deploy/watch", releaseId, "cancelled", $"watch interrupted by {RunInterruption.Signal}; the release stays live");
            throw new RunInterruptedException(
                $"The watch of {version} was interrupted by {RunInterruption.Signal}: {version} stays live and {previous.Version} stays warm until the bake time ends (--target=Rollback is instant).");
        }

        history.SetWatch(releaseId, null);
        switch (result.Outcome)
        {
            case StepAnalysisOutcome.Failed:
                await SwitchBackAsync(releaseId, version, hosts, result); // always throws
                break;
            case StepAnalysisOutcome.AbortedOnErrors:
                context.Audit.Note("Deploy/watch", releaseId, "error", $"watch stopped, release stays live: {result.Description}");
                context.Warning("The watch of {0} stopped early: {1}. {0} stays live; {2} stays warm until the bake time ends (--target=Rollback is instant).",
                    version, result.Description, previous.Version);
                break;
            default:
                var why = result.Last.Outcome == AnalysisOutcome.Inconclusive
                    ? $"too little traffic to judge, and no limit broke: {result.Last.Description}"
                    : result.Last.Description;
                context.Audit.Note("Deploy/watch", releaseId, "passed", why);
                context.Information("The watch of {0} passed: {1}.", version, why);
                break;
        }
    }

    private async Task SwitchBackAsync(string releaseId, string version, IReadOnlyList<WatchedHost> hosts, StepAnalysisResult result)
    {
        var settings = context.Settings;
        var history = target.History;
        var previous = hosts[0].Previous;
        var reason = $"post-promotion watch failed: {result.Last.Description}";
        context.Audit.Note("Deploy/watch", releaseId, "failed", result.Last.Description);
        history.SetOutcome(releaseId, ReleaseOutcome.Failed, reason);
        await context.Events.PublishAsync(ReleaseEventKind.Failed, releaseId, version, $"Release {version} failed its post-promotion watch: {result.Last.Description}", reason, previous.Release);
        var back = await FleetSwitch.RunAsync(context.Audit, "Deploy/watch-switch-back", previous.Release,
            hosts.Select(h => (h.Host, h.Edge, h.Previous.Name, (Action?)null)).ToList());
        if (back.Failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"Release {version} failed its post-promotion watch ({result.Last.Description}), and switching back to {previous.Version} failed on " +
                $"{string.Join("; ", back.Failures.Select(f => $"{f.Host} ({f.Error.Message})"))}. Run --target=Status, then --target=Rollback.");
        }

        var record = history.Find(previous.Release ?? "");
        history.Add(new ReleaseRecord(previous.Release ?? "", previous.Version ?? "", previous.Name, DateTimeOffset.UtcNow, ReleaseOutcome.Live,
            $"switched back to after the watch of {version} failed", context.Actor, record?.SchemaVersion).WithArtifactOf(record));
        foreach (var host in hosts)
        {
            // The previous release was scheduled to stop at the end of the bake time; it serves again, so it stays.
            await host.Edge.StopAtAsync(host.Previous.Name, null, settings.DrainTimeout);
            await context.Audit.HostStepAsync("Deploy/watch-stop-new-slot", releaseId, host.Host.Name,
                () => host.Edge.StopSlotAsync(host.Slot, settings.DrainTimeout));
        }

        context.Error("Switched back to {0} in {1:0.0} ms: {2} failed its post-promotion watch.", previous.Version, back.Wall.TotalMilliseconds, version);
        await context.Events.PublishAsync(ReleaseEventKind.SwitchedBack, releaseId, version,
            $"Traffic is back on {previous.Version} (switched back automatically in {back.Wall.TotalMilliseconds:0} ms) after release {version} failed its post-promotion watch.", reason, previous.Release);
        throw new ReleaseCheckFailedException(
            $"Release {version} failed its post-promotion watch: {result.Last.Description}. Traffic is back on {previous.Version} (switched back automatically in {back.Wall.TotalMilliseconds:0} ms).");
    }
}
