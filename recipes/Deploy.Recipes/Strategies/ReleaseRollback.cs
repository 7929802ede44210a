using System.Diagnostics;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Health;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Sends customers back to an earlier release (or, with <c>--to</c>, to any release the environment ran). The target
/// comes from the history as reconciled with what the edge serves. While the target is still warm in the other slot
/// this is a traffic switch after a readiness probe and the smoke checks (milliseconds); otherwise it is started from
/// <c>.deploy/releases</c>, proven like any release, then switched to. A release is never switched to on a schema older
/// than it needs: its missing migrations are applied first. After the switch the schema comes back too when the newer
/// migrations are reversible and lossless; the newer release is drained and stopped before that Down.
/// </summary>
public sealed class ReleaseRollback(DeployContext context, LocalTarget target)
{
    /// <summary>Audit step of the schema rollback; its outcome is <c>no-schema-rollback</c> when the schema stayed.</summary>
    public const string SchemaStep = "Rollback/schema";

    /// <summary>Rolls back to the release named by the <c>to</c> setting, or to the previous good one.</summary>
    public async Task RollbackAsync()
    {
        var settings = context.Settings;
        var history = target.History;
        using var edge = target.RunningEdge();
        var state = await edge.StateAsync();
        var live = LocalTarget.LiveSlot(state)
                   ?? throw new InvalidOperationException($"No release is live in '{settings.Environment}', so there is nothing to roll back from. Nothing was changed.");
        var wanted = RollbackTarget.Choose(history.Records, settings.Environment, live.Release!, live.Version ?? live.Release!, settings.To, settings.Force);
        if (wanted.Id == live.Release)
        {
            context.Information("Release {0} is already live; nothing to do.", wanted.Version);
            return;
        }

        if (wanted.Outcome == ReleaseOutcome.Failed)
            context.Warning("Rolling back to {0}, recorded 'failed' ({1}), because --force was given.", wanted.Version, wanted.Reason ?? "no reason recorded");
        var slot = LocalTarget.Other(live.Name);
        var catchUp = settings.Database.Length > 0 ? await CatchUpSchema(wanted) : null;
        var warm = await IsWarmAndHealthy(edge, state.Slots.Single(s => s.Name == slot), wanted);
        if (!warm)
        {
            context.Information("Release {0} is not warm; starting it from .deploy/releases.", wanted.Version);
            await new SlotLauncher(context, edge).StartAndCheckAsync(slot, target.Store.Get(wanted.Id));
        }

        var switchTime = await context.Audit.StepAsync("Rollback/switch", wanted.Id, async () =>
        {
            var switching = Stopwatch.StartNew();
            await edge.SetTrafficAsync(LocalTarget.AllTo(slot));
            return switching.Elapsed;
        });
        // What an operator waits for: from pressing enter (process start) to customers being on the old release.
        var sinceCommandStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        history.SetOutcome(live.Release!, ReleaseOutcome.RolledBack, $"rolled back to {wanted.Version} by {context.Actor}");
        history.Add(new ReleaseRecord(wanted.Id, wanted.Version, slot, DateTimeOffset.UtcNow, ReleaseOutcome.Live, $"rollback from {live.Version}", context.Actor,
            catchUp?.To ?? wanted.SchemaVersion, catchUp == null ? null : SchemaOutcome.Migrated));
        await edge.StopAtAsync(live.Name, DateTimeOffset.UtcNow + settings.BakeTime, settings.DrainTimeout);
        context.Information(
            "Rolled back '{0}' from {1} to {2} ({3}): traffic switched in {4:0.0} ms, {5:0} ms after the command started. {1} stays in slot {6} for the bake time unless its schema is rolled back; its artifact and logs are kept.",
            settings.Environment, live.Version, wanted.Version, warm ? "it was warm" : "cold start", switchTime.TotalMilliseconds,
            sinceCommandStart.TotalMilliseconds, live.Name);

        if (catchUp != null)
            context.Information("Rollback to {0} done: it runs on schema {1} (migrations {2} applied before the switch).", wanted.Version, catchUp.To, string.Join(", ", catchUp.Applied));
        else if (settings.Database.Length > 0)
            await RollBackSchema(edge, live.Name, live.Release!, live.Version ?? live.Release!, wanted);
    }

    /// <summary>True when the target runs warm in the idle slot and passes readiness and smoke checks; a warm release that fails them is started afresh instead.</summary>
    private async Task<bool> IsWarmAndHealthy(EdgeClient edge, Edge.Contract.SlotState idle, ReleaseRecord wanted)
    {
        if (idle.Status != "running" || idle.Release != wanted.Id)
            return false;
        // Cancel its scheduled stop first: the bake time must not end between the check and the switch.
        await edge.StopAtAsync(idle.Name, null, context.Settings.DrainTimeout);
        try
        {
            var passed = await context.Audit.StepAsync("Rollback/warm-check", wanted.Id, () =>
                WarmSlotCheck.RunAsync(edge, idle.Name, new ExpectedRelease(wanted.Version, wanted.Id), ReleaseHealth.From(context.Settings)));
            context.Information("Warm release {0} in slot {1}: {2}.", wanted.Version, idle.Name, passed);
            return true;
        }
        catch (ReleaseCheckFailedException unhealthy)
        {
            context.Warning("Warm release {0} in slot {1} failed its checks before the switch, so it is started afresh: {2}", wanted.Version, idle.Name, unhealthy.Message);
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
    private async Task RollBackSchema(EdgeClient edge, string newerSlot, string rolledAwayFrom, string newerVersion, ReleaseRecord wanted)
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
                context.Information("Rollback: draining and stopping {0} in slot {1} before the schema check, so it cannot write between the check and the Down.", newerVersion, newerSlot);
                await edge.StopSlotAsync(newerSlot, context.Settings.DrainTimeout);
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
