using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Canary: the new release starts in the idle slot of every host carrying the canary (all hosts, or the first
/// <c>canary-hosts</c>) and is proven there (ready, smoke checks) with no traffic; then it goes through the steps of
/// <c>canary-steps</c>, each judged against the stable release on the same window (<see cref="CanaryStepping"/>). The
/// progress is kept on the release's history record, so Promote, Abort and Status continue it in later commands.
/// With nothing live there is no stable release to judge against, so the first release goes out blue-green.
/// </summary>
public sealed class CanaryRelease(DeployContext context, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts)
{
    /// <summary>Starts <paramref name="release"/> as a canary and takes it as far as its steps go; re-running with the live release changes nothing.</summary>
    public async Task DeployAsync(InstalledRelease release)
    {
        var settings = context.Settings;
        var plan = CanaryPlan.Parse(settings.CanarySteps);
        var version = release.Manifest.Version;
        var serving = new List<(ITargetHost Host, Edge.Contract.SlotState? Live)>();
        foreach (var host in hosts)
            serving.Add((host, SlotTraffic.LiveSlot(await (host.Edge ?? throw new InvalidOperationException($"The edge of host {host.Name} is not running.")).StateAsync())));
        if (serving.All(s => s.Live?.Release == release.Id))
        {
            context.Information("Release {0} ({1}) is already live on every host; nothing to do.", version, release.Id);
            return;
        }

        if (serving.Any(s => s.Live == null))
        {
            context.Warning("Nothing is live on {0}, so there is no stable release to judge a canary against: releasing {1} blue-green.",
                HostLabel.Names(serving.Where(s => s.Live == null).Select(s => s.Host)), version);
            await new BlueGreenRelease(context, target, hosts).DeployAsync(release);
            return;
        }

        var count = settings.CanaryHosts <= 0 ? hosts.Count : Math.Min(settings.CanaryHosts, hosts.Count);
        var rollouts = serving.Take(count).Select(s => new HostRollout(s.Host, s.Live)).ToList();
        var progress = CanaryProgress.Started(settings.CanarySteps, rollouts.Select(r => new CanaryHost(r.Host.Name, r.Previous!.Name, r.Slot)).ToList());
        var history = target.History;
        history.Add(new ReleaseRecord(release.Id, version, rollouts[0].Slot, DateTimeOffset.UtcNow, ReleaseOutcome.Canary, null, context.Actor,
            settings.Database.Length == 0 ? null : Database.ReleaseMigrations.SchemaVersionOf(Path.Combine(release.AppDirectory, release.EntryAssembly), Database.MigrationSelection.From(settings)),
            Canary: progress, Commit: release.Manifest.Commit, Digest: release.Manifest.Sha256, AppSettings: AppSettingFingerprints.Of(settings.AppSettings),
            Image: release.Manifest.Image?.Reference));
        context.Information("Canary {0} on {1}: {2}.", version, count == hosts.Count ? (hosts.Count == 1 ? "this host" : $"all {count} hosts") : HostLabel.Names(rollouts.Select(r => r.Host)), plan);

        try
        {
            await new WaveRelease(context).StartAndProveAsync(rollouts, release, RunInterruption.Token);
        }
        catch (Exception notProven)
        {
            history.SetOutcome(release.Id, ReleaseOutcome.Failed, notProven.Message);
            history.SetCanary(release.Id, progress with { State = CanaryState.Aborted });
            throw new Health.ReleaseCheckFailedException($"Canary {version} did not start; customers stayed on the stable release with no traffic moved. {notProven.Message}");
        }

        await new CanaryStepping(context, target, hosts, release, "Deploy").RunAsync(history.Find(release.Id)!, plan, 0);
    }
}
