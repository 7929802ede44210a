using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Applies the validated migrations, each in its own transaction, after a backup: a failure leaves the database at
/// the last good version, no traffic moves, and the message names the migration, the statement and the database's
/// error. Only migrations that Validate rehearsed for this exact release, from the schema version the database is at,
/// run (unless <c>--force</c>), and the breaking-change gate holds here too, so <c>--target=Migrate --exclusive</c>
/// cannot skip what Validate guards.
/// </summary>
[TaskName("Migrate")]
[TaskDescription("Backs up the environment's database, then applies the validated migrations one transaction each.")]
[IsDependentOn(typeof(ValidateTask))]
[IsDependentOn(typeof(ChangesTask))]
[ChangesEnvironment]
public sealed class MigrateTask() : DatabaseTask("migrate")
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("Migrate", null, async () =>
        {
            var database = new EnvironmentDatabase(context);
            var artifact = ReleasePackaging.Folder(context);
            var manifest = ReleaseManifest.LoadFromArtifact(artifact);
            using var migrations = ReleaseMigrations.Load(Path.Combine(artifact, "app", manifest.App + ".dll"), MigrationSelection.From(context.Settings));
            var validation = ValidationRecord.Load(ValidationRecord.PathIn(context.Paths.EnvironmentFolder));
            var running = await RunningReleaseSchemas.ReadAsync(context);
            if (!database.Exists)
            {
                // Opening a database that is not there would create it: judge first, so a refusal leaves nothing behind.
                _ = Clear(context, validation, manifest, 0, migrations.Migrations, running);
            }

            Database.Adoption.UnrecordedSchema.Enforce(database, migrations);
            using var migrator = migrations.MigratorFor(database.Provider, database.Connection);
            var pending = migrator.Pending();
            if (pending.Count == 0)
            {
                context.Information("Migrate: the schema is up to date (version {0}).", migrator.CurrentVersion);
                return $"up to date at {migrator.CurrentVersion}";
            }

            var before = migrator.CurrentVersion;
            var cleared = Clear(context, validation, manifest, before, pending, running);
            var backup = database.BackUp(Database.Backups.BackupReason.BeforeMigrate);
            if (backup != null)
                context.Information("Migrate: backed up schema version {0} to {1} ({2:0.0} MB); {3} older backup(s) pruned (keep-backups {4}).",
                    before, backup.File, backup.Record.Bytes / 1048576.0, backup.Pruned.Count, database.KeepBackups);
            migrator.UpTo(migrations.SchemaVersion);
            context.Information("Migrate: applied {0}; schema version {1} -> {2}.", string.Join(", ", pending), before, migrator.CurrentVersion);
            return $"{before} -> {migrator.CurrentVersion} ({cleared}); backup {backup?.File ?? "(none: no database yet)"}";
        }, context.Inputs);

    private static string Clear(
        DeployContext context, ValidationRecord? validation, ReleaseManifest manifest, long current, IReadOnlyList<MigrationInfo> pending,
        IReadOnlyList<(string Release, long SchemaVersion)> running)
    {
        var cleared = MigrationClearance.Check(validation, manifest, current, pending, context.Settings.Force, context.Settings.AllowBreaking, running);
        if (!cleared.Validated)
        {
            context.Warning("Migrate: {0}.", cleared.Description);
            context.Audit.Note("Migrate/forced", null, "forced", cleared.Description);
        }

        return cleared.Description;
    }
}
