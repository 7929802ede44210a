using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Backups;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Replaces the environment's database with a backup. Destructive: it asks for <c>--confirm</c>. The backup is
/// restored beside the live database first, its schema must match the live release's (or <c>--force</c>), customers
/// get the maintenance page while a safety backup is taken and the restored database swapped in; see
/// <see cref="DatabaseRestore"/>.
/// </summary>
[TaskName("RestoreDatabase")]
[TaskDescription("Replaces the environment's database with a backup (--backup=<file>, default the newest); needs --confirm. Takes a safety backup first.")]
[ChangesEnvironment]
public sealed class RestoreDatabaseTask() : DatabaseTask("restore")
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("RestoreDatabase", null, async () =>
        {
            var database = new EnvironmentDatabase(context);
            database.CheckKeepBackups();
            var backup = ChooseBackup(context, database);
            if (!context.Settings.Confirm)
                throw new RecipeUsageException(
                    $"RestoreDatabase replaces the whole database of '{context.Settings.Environment}' with {backup}; every change since then is lost " +
                    "(a safety backup of it is taken first). Rerun with --confirm to do it.");

            var hosts = await target.OpenAsync(EdgeDemand.AsFound, RunInterruption.Token);
            var (liveVersion, liveSource) = target.History.Live is { SchemaVersion: { } version } live
                ? (version, $"the live release {live.Version}")
                : (database.Engine.SchemaVersion(database.Connection), "the live database");
            var page = new Maintenance(true, context.Settings.MaintenanceMessage, context.Settings.RetryAfter);
            var outcome = await new DatabaseRestore(database, m => context.Information(m)).RunAsync(backup, liveVersion, liveSource, context.Settings.Force,
                async () => await MaintenanceHold.BeginAsync(hosts, page, m => context.Information("RestoreDatabase: {0}", m),
                    (what, message) => context.Audit.Note("RestoreDatabase", null, what, message)));

            if (outcome.SafetyBackup != null)
                context.Audit.Note("RestoreDatabase", null, "safety-backup", outcome.SafetyBackup);
            context.Information("Restored '{0}' from {1} (schema version {2}); safety backup: {3}.", context.Settings.Environment, backup,
                outcome.SchemaVersion?.ToString() ?? "none", outcome.SafetyBackup ?? "none (there was no database)");
            return $"restored from {backup} (schema {outcome.SchemaVersion?.ToString() ?? "none"}); safety backup {outcome.SafetyBackup ?? "none"}; {outcome.Method}";
        }, context.Inputs);
    }

    /// <summary>The backup named by <c>--backup</c>, else the newest complete one by the time recorded in it.</summary>
    private static string ChooseBackup(DeployContext context, EnvironmentDatabase database)
    {
        var catalog = database.Catalog;
        if (context.Settings.Backup.Length > 0)
        {
            var named = context.PathOf(Path.IsPathRooted(context.Settings.Backup) || File.Exists(context.PathOf(context.Settings.Backup))
                ? context.Settings.Backup
                : Path.Combine(catalog.Folder, context.Settings.Backup));
            if (!File.Exists(named))
                throw new RecipeUsageException(
                    $"The backup '{context.Settings.Backup}' does not exist (looked for {named}): give a file path, or the name of one of the backups in {catalog.Folder}.");
            return named;
        }

        var newest = catalog.Newest() ?? throw new RecipeUsageException(
            $"There is no complete backup of '{context.Settings.Environment}' in {catalog.Folder}: name one with --backup=<file>.");
        context.Information("RestoreDatabase: the newest backup is {0}, taken {1:u} ({2}, schema version {3}).",
            newest.File, newest.CreatedUtc, newest.Reason, newest.SchemaVersion?.ToString() ?? "none");
        return catalog.PathOf(newest);
    }
}
