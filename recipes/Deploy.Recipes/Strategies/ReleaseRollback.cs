using System.Diagnostics;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Health;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Sends customers back to an earlier release (or, with <c>--to</c>, to any release the environment ran). The target
/// comes from the history as reconciled with what the edge serves. While the target is still warm in the other slot
/// this is a traffic switch after a readiness probe and the smoke checks (milliseconds); otherwise it is started from
/// <c>.deploy/releases</c>, proven like any release, then switched to. A release is never switched to on a schema older
/// than it needs: its missing migrations are applied first. After the switch the schema comes back too when the newer
/// migrations are reversible and lossless; the newer release is drained and stopped before that Down.
/// </summary>
public sealed class ReleaseRollback(DeployContext context, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts)
{
    /// <summary>Audit step of the schema rollback; its outcome is <c>no-schema-rollback</c> when the schema stayed.</summary>
    public const string SchemaStep = "Rollback/schema";

    /// <summary>Rolls every host back to the release named by the <c>to</c> setting, or to the previous good one.</summary>
    public async Task RollbackAsync()
    {
        var settings = context.Settings;
        var history = target.History;
        var serving = await Task.WhenAll(hosts.Select(async host =>
        {
            var edge = host.Edge ?? throw new InvalidOperationException($"The edge of host {host.Name} is not running.");
            var state = await edge.StateAsync();
            return new HostBack(host, edge, state, SlotTraffic.LiveSlot(state));
        }));
        var withLive = serving.Where(h => h.Live != null).ToList();
        if (withLive.Count == 0)
            throw new InvalidOperationException($"No release is live in '{settings.Environment}', so there is nothing to roll back from. Nothing was changed.");
        // A mixed fleet is rolled back from the release the history records as live, where a host serves it.
        var live = (withLive.FirstOrDefault(h => h.Live!.Release == history.Live?.Id) ?? withLive[0]).Live!;
        var wanted = RollbackTarget.Choose(history.Records, settings.Environment, live.Release!, live.Version ?? live.Release!, settings.To, settings.Force);
        if (serving.All(h => h.Live?.Release == wanted.Id))
        {
            context.Information("Release {0} is already live; nothing to do.", wanted.Version);
            return;
        }

        if (wanted.Outcome == ReleaseOutcome.Failed)
            context.Warning("Rolling back to {0}, recorded 'failed' ({1}), because --force was given.", wanted.Version, wanted.Reason ?? "no reason recorded");
        var moving = serving.Where(h => h.Live?.Release != wanted.Id).ToList();
        var catchUp = settings.Database.Length > 0 ? await CatchUpSchema(wanted) : null;
        await ProveEverywhereAsync(moving, wanted);

        var switched = await FleetSwitch.RunAsync(context.Audit, "Rollback/switch", wanted.Id, moving.Select(h => (h.Host, h.Edge, h.Slot, (Action?)null)).ToList());
        if (switched.Failures.Count > 0)
            throw new InvalidOperationException(
                $"Rollback to {wanted.Version}: switching failed on {string.Join("; ", switched.Failures.Select(f => $"{f.Host} ({f.Error.Message})"))}; " +
                $"the other hosts serve {wanted.Version}. Run --target=Status, then --target=Rollback again.");
        // What an operator waits for: from pressing enter (process start) to customers being on the old release.
        var sinceCommandStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        history.SetOutcome(live.Release!, ReleaseOutcome.RolledBack, $"rolled back to {wanted.Version} by {context.Actor}");
        history.Add(new ReleaseRecord(wanted.Id, wanted.Version, moving[0].Slot, DateTimeOffset.UtcNow, ReleaseOutcome.Live, $"rollback from {live.Version}", context.Actor,
            catchUp?.To ?? wanted.SchemaVersion, catchUp == null ? null : SchemaOutcome.Migrated).WithArtifactOf(wanted));
        foreach (var host in moving.Where(h => h.Live != null))
            await host.Edge.StopAtAsync(host.Live!.Name, DateTimeOffset.UtcNow + settings.BakeTime, settings.DrainTimeout);
        await context.Events.PublishAsync(ReleaseEventKind.RolledBack, wanted.Id, wanted.Version,
            $"{settings.Environment} was rolled back from {live.Version} to {wanted.Version} by {context.Actor}.", $"rolled back from {live.Version} by {context.Actor}", live.Release);
        var warmth = moving.All(h => h.Warm) ? "it was warm" : moving.Any(h => h.Warm) ? $"warm on {moving.Count(h => h.Warm)} of {moving.Count} hosts" : "cold start";
        if (moving is [var only])
            context.Information(
                "Rolled back '{0}' from {1} to {2} ({3}): traffic switched in {4:0.0} ms, {5:0} ms after the command started. {1} stays in slot {6}{7} for the bake time unless its schema is rolled back; its artifact and logs are kept.",
                settings.Environment, live.Version, wanted.Version, warmth, switched.Wall.TotalMilliseconds, sinceCommandStart.TotalMilliseconds, only.Live?.Name ?? "(none)", HostLabel.On(only.Host));
        else
            context.Information(
                "Rolled back '{0}' from {1} to {2} on {3} hosts ({4}): traffic switched in {5:0.0} ms (first to last host switched: {6:0.0} ms), {7:0} ms after the command started. " +
                "{1} stays in its slot for the bake time unless its schema is rolled back; its artifact and logs are kept.",
                settings.Environment, live.Version, wanted.Version, moving.Count, warmth, switched.Wall.TotalMilliseconds, switched.Spread.TotalMilliseconds, sinceCommandStart.TotalMilliseconds);

        if (catchUp != null)
            context.Information("Rollback to {0} done: it runs on schema {1} (migrations {2} applied before the switch).", wanted.Version, catchUp.To, string.Join(", ", catchUp.Applied));
        else if (settings.Database.Length > 0)
            await RollBackSchema(moving, live.Release!, live.Version ?? live.Release!, wanted);
    }

    /// <summary>
    /// Makes <paramref name="wanted"/> ready to take traffic on every host (warm where it is warm and healthy, else
    /// placed, started and proven), at most <c>parallel</c> hosts at once. All or nothing: if any host fails, the
    /// releases started here are stopped again, warm ones get their scheduled stop back, and no host switches.
    /// </summary>
    private async Task ProveEverywhereAsync(IReadOnlyList<HostBack> moving, ReleaseRecord wanted)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, context.Settings.Parallel));
        var outcomes = await Task.WhenAll(moving.Select(async host =>
        {
            await gate.WaitAsync();
            try
            {
                host.Warm = await IsWarmAndHealthy(host, wanted);
                if (!host.Warm)
                {
                    context.Information("Release {0} is not warm{1}; starting it from .deploy/releases.", wanted.Version, HostLabel.On(host.Host));
                    var placed = await context.Audit.HostStepAsync("Rollback/place", wanted.Id, host.Host.Name, () => host.Host.PlaceAsync(target.Store.Get(wanted.Id), CancellationToken.None));
                    await new SlotLauncher(context, host.Host).StartAndCheckAsync(host.Slot, placed);
                    host.Started = true;
                }

                return (Host: host.Host.Name, Error: (Exception?)null);
            }
            catch (Exception e)
            {
                return (Host: host.Host.Name, Error: e);
            }
            finally
            {
                gate.Release();
            }
        }));

        var failed = outcomes.Where(o => o.Error != null).Select(o => (o.Host, o.Error!)).ToList();
        if (failed.Count == 0)
            return;
        foreach (var host in moving)
        {
            try
            {
                if (host.Started)
                    await host.Edge.StopSlotAsync(host.Slot, context.Settings.DrainTimeout);
                else if (host.Warm)
                    await host.Edge.StopAtAsync(host.Slot, DateTimeOffset.UtcNow + context.Settings.BakeTime, context.Settings.DrainTimeout);
            }
            catch (Exception e)
            {
                context.Warning("Could not put slot {0}{1} back as it was: {2}", host.Slot, HostLabel.On(host.Host), e.Message);
            }
        }

        if (HostsFailedException.Of(failed) is var failure && failed is [{ Host: HostLabel.LocalName }])
            throw failure;
        throw new ReleaseCheckFailedException($"Rollback to {wanted.Version} could not be made ready on every host, so no host was switched: {failure.Message}");
    }

    /// <summary>True when the target runs warm in the host's idle slot and passes readiness and smoke checks; a warm release that fails them is started afresh instead.</summary>
    private async Task<bool> IsWarmAndHealthy(HostBack host, ReleaseRecord wanted)
    {
        var idle = host.State.Slots.Single(s => s.Name == host.Slot);
        if (idle.Status != Edge.Contract.SlotStatus.Running || idle.Release != wanted.Id)
            return false;
        // Cancel its scheduled stop first: the bake time must not end between the check and the switch.
        await host.Edge.StopAtAsync(idle.Name, null, context.Settings.DrainTimeout);
        try
        {
            var passed = await context.Audit.HostStepAsync("Rollback/warm-check", wanted.Id, host.Host.Name, () =>
                WarmSlotCheck.RunAsync(host.Edge, idle.Name, new ExpectedRelease(wanted.Version, wanted.Id), ReleaseHealth.From(context.Settings)));
            context.Information("Warm release {0} in slot {1}{2}: {3}.", wanted.Version, idle.Name, HostLabel.On(host.Host), passed);
            return true;
        }
        catch (ReleaseCheckFailedException unhealthy)
        {
            context.Warning("Warm release {0} in slot {1}{2} failed its checks before the switch, so it is started afresh: {3}", wanted.Version, idle.Name, HostLabel.On(host.Host), unhealthy.Message);
            return false;
        }
    }

    /// <summary>Applies the target's migrations the database lacks, before any customer reaches it; null when it has them all.</summary>
    private async Task<SchemaCatchUpResult?> CatchUpSchema(ReleaseRecord wanted)
    {
        var release = target.Store.Get(wanted.Id);
        using var migrations = ReleaseMigrations.Load(Path.Combine(release.AppDirectory, release.EntryAssembly), MigrationSelection.From(context.Settings));
        var catchUp = await context.Audit.StepAsync("Rollback/migrate", wanted.Id, () =>
            Task.FromResult(new SchemaCatchUp(new EnvironmentDatabase(context)).Run(migrations, wanted.Version, context.Settings.AllowBreaking)));
        if (catchUp != null)
            context.Information("Rollback: {0} needs schema {1}; applied {2} (backup {3}) before the switch.", wanted.Version, catchUp.To, string.Join(", ", catchUp.Applied), catchUp.Backup);
        return catchUp;
    }

    // After the switch, never before: the release rolled away from still served customers until then, on the new schema.
    private async Task RollBackSchema(IReadOnlyList<HostBack> moved, string rolledAwayFrom, string newerVersion, ReleaseRecord wanted)
    {
        var from = target.Store.Get(rolledAwayFrom);
        var to = target.Store.Get(wanted.Id);
        var schema = ReleaseMigrations.SchemaVersionOf(Path.Combine(to.AppDirectory, to.EntryAssembly), MigrationSelection.From(context.Settings));
        using var newer = ReleaseMigrations.Load(Path.Combine(from.AppDirectory, from.EntryAssembly), MigrationSelection.From(context.Settings));
        context.Audit.Note(SchemaStep, wanted.Id, "started", $"schema back to {schema} if {newerVersion}'s migrations are reversible and lose no data");
        SchemaRollbackResult result;
        try
        {
            result = await new SchemaRollback(new EnvironmentDatabase(context)).RunAsync(newer, schema, async () =>
            {
                foreach (var host in moved.Where(h => h.Live != null))
                {
                    context.Information("Rollback: draining and stopping {0} in slot {1}{2} before the schema check, so it cannot write between the check and the Down.",
                        newerVersion, host.Live!.Name, HostLabel.On(host.Host));
                }

                await Task.WhenAll(moved.Where(h => h.Live != null).Select(h => h.Edge.StopSlotAsync(h.Live!.Name, context.Settings.DrainTimeout)));
            });
        }
        catch (Exception failed)
        {
            context.Audit.Note(SchemaStep, wanted.Id, "failed", failed.Message);
            throw;
        }

        context.Audit.Note(SchemaStep, wanted.Id, result.Outcome == SchemaOutcome.NoSchemaRollback ? SchemaOutcome.NoSchemaRollback : "succeeded", result.Reason);
        target.History.SetSchema(wanted.Id, result.Outcome, result.Reason);
        // The last line of the command: an operator must not read "rolled back" and assume the schema came back too.
        context.Information(result.Outcome == SchemaOutcome.NoSchemaRollback
            ? "Rollback to {0} done, with {1}."
            : "Rollback to {0} done: {1}.", wanted.Version, result.Reason);
    }
}
