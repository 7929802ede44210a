using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Backs up the environment's database, then applies the validated migrations, each in its own transaction: a
/// failure leaves the database at the last good version, no traffic moves, and the message names the migration, the
/// statement and the database's error.
/// </summary>
[TaskName("Migrate")]
[TaskDescription("Backs up the environment's database, then applies the validated migrations one transaction each.")]
[IsDependentOn(typeof(ValidateTask))]
[ChangesEnvironment]
public sealed class MigrateTask() : DatabaseTask("migrate")
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("Migrate", null, () =>
        {
            var database = new EnvironmentDatabase(context);
            var artifact = ReleasePackaging.Folder(context);
            var manifest = ReleaseManifest.LoadFromArtifact(artifact);
            using var migrations = ReleaseMigrations.Load(Path.Combine(artifact, "app", manifest.App + ".dll"));
            using var migrator = new SchemaMigrator(database.Provider, database.Connection, migrations);
            var pending = migrator.Pending();
            if (pending.Count == 0)
            {
                context.Information("Migrate: the schema is up to date (version {0}).", migrator.CurrentVersion);
                return Task.FromResult($"up to date at {migrator.CurrentVersion}");
            }

            var before = migrator.CurrentVersion;
            var backup = database.BackUp(Database.Backups.BackupReason.BeforeMigrate);
            if (backup != null)
                context.Information("Migrate: backed up schema version {0} to {1} ({2:0.0} MB); {3} older backup(s) pruned (keep-backups {4}).",
                    before, backup.File, backup.Record.Bytes / 1048576.0, backup.Pruned.Count, database.KeepBackups);
            migrator.UpTo(migrations.SchemaVersion);
            context.Information("Migrate: applied {0}; schema version {1} -> {2}.", string.Join(", ", pending), before, migrator.CurrentVersion);
            return Task.FromResult($"{before} -> {migrator.CurrentVersion}; backup {backup?.File ?? "(none: no database yet)"}");
        }, context.Inputs);
}
