using System.Diagnostics;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Sends customers back to an earlier release. While the previous release is still warm in the other slot this is a
/// traffic switch (well under a second); otherwise it is started from <c>.deploy/releases</c>, proven like any release,
/// then switched to. The release rolled away from keeps its artifact and logs, and stays warm for the bake time.
/// </summary>
public sealed class ReleaseRollback(DeployContext context, LocalTarget target)
{
    /// <summary>Rolls back to the release named by the <c>to</c> setting, or to the previous good one.</summary>
    public async Task RollbackAsync()
    {
        var settings = context.Settings;
        var history = target.History;
        using var edge = target.RunningEdge();
        var live = LocalTarget.LiveSlot(await edge.StateAsync())
                   ?? throw new InvalidOperationException($"No release is live in '{settings.Environment}', so there is nothing to roll back from.");
        var wanted = settings.To.Length > 0
            ? history.Find(settings.To) ?? throw new InvalidOperationException(
                $"--to={settings.To} names no release of '{settings.Environment}'. Known: {string.Join(", ", history.Records.Select(r => $"{r.Version} ({r.Id})").Distinct().TakeLast(10))}.")
            : history.PreviousGood(live.Release) ?? throw new InvalidOperationException(
                $"There is no earlier good release of '{settings.Environment}' to roll back to from {live.Version}; pass --to=<release> to choose one.");
        if (wanted.Id == live.Release)
        {
            context.Information("Release {0} is already live; nothing to do.", wanted.Version);
            return;
        }

        var slot = LocalTarget.Other(live.Name);
        var other = (await edge.StateAsync()).Slots.Single(s => s.Name == slot);
        var warm = other.Status == "running" && other.Release == wanted.Id;
        if (warm)
        {
            await edge.StopAtAsync(slot, null, settings.DrainTimeout);
        }
        else
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
        var reason = $"rolled back to {wanted.Version} by {context.Actor}";
        history.SetOutcome(live.Release!, ReleaseOutcome.RolledBack, reason);
        history.Add(new ReleaseRecord(wanted.Id, wanted.Version, slot, DateTimeOffset.UtcNow, ReleaseOutcome.Live, $"rollback from {live.Version}", context.Actor, wanted.SchemaVersion));
        await edge.StopAtAsync(live.Name, DateTimeOffset.UtcNow + settings.BakeTime, settings.DrainTimeout);
        if (settings.Database.Length > 0 && wanted.SchemaVersion is { } schema)
            await RollBackSchema(live.Release!, wanted.Id, schema);
        context.Information(
            "Rolled back '{0}' from {1} to {2} ({3}): traffic switched in {4:0.0} ms, {5:0} ms after the command started. {1} stays warm in slot {6} for the bake time; its artifact and logs are kept.",
            settings.Environment, live.Version, wanted.Version, warm ? "it was warm" : "cold start", switchTime.TotalMilliseconds,
            sinceCommandStart.TotalMilliseconds, live.Name);
    }

    // After the switch, never before: the release rolled away from still served customers until then, on the new schema.
    private async Task RollBackSchema(string rolledAwayFrom, string rolledBackTo, long schema)
    {
        var from = target.Store.Get(rolledAwayFrom);
        using var newer = Database.ReleaseMigrations.Load(Path.Combine(from.AppDirectory, from.EntryAssembly));
        var result = await context.Audit.StepAsync("Rollback/schema", rolledBackTo, () =>
        {
            var outcome = new Database.SchemaRollback(new Database.EnvironmentDatabase(context)).Run(newer, schema);
            return Task.FromResult(outcome.Reason ?? $"schema rolled back from {outcome.From} to {outcome.To}");
        });
        context.Information("Rollback: {0}.", result);
    }
}
