using Cake.Common.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Releases one wave of hosts, in three steps the caller sequences: <see cref="StartAndProveAsync"/> (place the
/// release on every host, start and prove it in each idle slot, at most <c>parallel</c> hosts at once; if any host
/// fails, no host of the wave keeps the new release running), <see cref="SwitchAsync"/> (every host at once) and
/// <see cref="VerifyAsync"/> (every host watched at once; the first failure ends the others' watch). Blue-green is
/// one wave of every host; rolling is several.
/// </summary>
internal sealed class WaveRelease(DeployContext context)
{
    /// <summary>Places, starts and proves <paramref name="release"/> on every host of <paramref name="wave"/>; throws <see cref="HostsFailedException"/> naming the hosts that failed.</summary>
    public async Task StartAndProveAsync(IReadOnlyList<HostRollout> wave, InstalledRelease release, CancellationToken cancel)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, context.Settings.Parallel));
        var outcomes = await Task.WhenAll(wave.Select(async host =>
        {
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                var placed = await context.Audit.HostStepAsync("Deploy/place", release.Id, host.Host.Name, () => host.Host.PlaceAsync(release, cancel));
                host.Started = true;
                await new SlotLauncher(context, host.Host).StartAndCheckAsync(host.Slot, placed);
                return (Host: host, Error: (Exception?)null);
            }
            catch (Exception e)
            {
                host.Started = false; // SlotLauncher stops the slot of a release that failed its checks
                return (Host: host, Error: e);
            }
            finally
            {
                gate.Release();
            }
        }));

        var failed = outcomes.Where(o => o.Error != null).Select(o => (o.Host.Host.Name, o.Error!)).ToList();
        if (failed.Count == 0)
            return;
        // No host of a wave switches unless every host of it can: the ones that were proven are stopped again.
        foreach (var proven in outcomes.Where(o => o.Error == null).Select(o => o.Host))
            await StopNewSlotAsync(proven, release.Id);
        throw HostsFailedException.Of(failed);
    }

    /// <summary>Switches every host of <paramref name="wave"/> to the new release's slot; throws naming the hosts whose switch failed.</summary>
    public async Task<FleetSwitchResult> SwitchAsync(IReadOnlyList<HostRollout> wave, InstalledRelease release)
    {
        var result = await FleetSwitch.RunAsync(context.Audit, "Deploy/switch", release.Id,
            wave.Select(h => ((ITargetHost, ITrafficEdge, string, Action?))(h.Host, h.Edge, h.Slot, () => h.SwitchTried = true)).ToList());
        if (result.Failures.Count > 0)
            throw HostsFailedException.Of(result.Failures);
        return result;
    }

    /// <summary>
    /// Watches every host of <paramref name="wave"/> for <paramref name="window"/> at once. A host that fails ends the
    /// others' watch; the failures are thrown naming their hosts (a single host's failure as it was thrown). A cancelled
    /// run throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task VerifyAsync(IReadOnlyList<HostRollout> wave, InstalledRelease release, TimeSpan window, CancellationToken cancel)
    {
        var settings = context.Settings;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var outcomes = await Task.WhenAll(wave.Select(async host =>
        {
            try
            {
                var verdict = await context.Audit.HostStepAsync("Deploy/verify", release.Id, host.Host.Name, async () =>
                {
                    var verdict = await VerificationGate.WatchAsync(host.Edge, host.Slot, settings.ReadyPath, window, VerificationSettings.Limits(settings), stop.Token);
                    return verdict.State == VerificationState.Passed ? verdict.Description : throw new ReleaseCheckFailedException(verdict.Description);
                });
                context.Information("Release {0} passed verification{1}: {2}.", release.Manifest.Version, HostLabel.On(host.Host), verdict);
                return (Host: host.Host.Name, Error: (Exception?)null);
            }
            catch (Exception e)
            {
                stop.Cancel();
                return (Host: host.Host.Name, Error: e);
            }
        }));

        cancel.ThrowIfCancellationRequested();
        // Hosts whose watch was ended because another host failed are not failures of their own.
        var failed = outcomes.Where(o => o.Error != null && o.Error is not OperationCanceledException).Select(o => (o.Host, o.Error!)).ToList();
        if (failed.Count == 0 && outcomes.FirstOrDefault(o => o.Error != null).Error is { } cancelled)
            failed.Add((outcomes.First(o => o.Error != null).Host, cancelled));
        if (failed.Count > 0)
            throw HostsFailedException.Of(failed);
    }

    /// <summary>Stops the new release's slot on a host that never switched to it.</summary>
    public async Task StopNewSlotAsync(HostRollout host, string release)
    {
        try
        {
            await context.Audit.HostStepAsync("Deploy/stop-new-slot", release, host.Host.Name, () => host.Edge.StopSlotAsync(host.Slot, context.Settings.DrainTimeout));
            host.Started = false;
        }
        catch (Exception e)
        {
            context.Warning("Could not stop the new release in slot {0}{1}: {2}. It carries no traffic; --target=Down or the next Deploy ends it.", host.Slot, HostLabel.On(host.Host), e.Message);
        }
    }
}
