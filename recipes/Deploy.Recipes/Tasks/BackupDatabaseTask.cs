using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Backups;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Backs up the environment's database on demand (before a risky manual change, say), into the same catalog that
/// Migrate and RestoreDatabase use: written complete or not at all, recorded with its time and schema version, pruned
/// to <c>keep-backups</c>. The app keeps serving: SQLite copies through the online backup API, PostgreSQL dumps a
/// consistent snapshot.
/// </summary>
[TaskName("BackupDatabase")]
[TaskDescription("Backs up the environment's database now (restorable with RestoreDatabase); customers keep being served.")]
[ChangesEnvironment]
public sealed class BackupDatabaseTask() : DatabaseTask("back up")
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("BackupDatabase", null, () =>
        {
            var database = new EnvironmentDatabase(context);
            var backup = database.BackUp(BackupReason.OnDemand)
                ?? throw new RecipeUsageException($"'{context.Settings.Environment}' has no database yet: deploy a release first. Nothing was changed.");
            context.Information("BackupDatabase: schema version {0} backed up to {1} ({2:0.0} MB); {3} older backup(s) pruned (keep-backups {4}).",
                backup.Record.SchemaVersion?.ToString() ?? "none", backup.File, backup.Record.Bytes / 1048576.0, backup.Pruned.Count, database.KeepBackups);
            return Task.FromResult(backup.File);
        }, context.Inputs);
}
