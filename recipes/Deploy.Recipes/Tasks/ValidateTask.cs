using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// The pre-deployment validator, before anything in production changes: on the staging clone, the pending migrations
/// are rehearsed (up, down, up, schema compared each time), then the new release runs against the clone and passes
/// the smoke checks. A pass is recorded (<see cref="ValidationRecord"/>): Migrate applies only what was validated.
/// </summary>
[TaskName("Validate")]
[TaskDescription("Rehearses the pending migrations (up, down, up) and smoke-checks the new release on the staging clone.")]
[IsDependentOn(typeof(RuntimeCheckTask))]
[IsDependentOn(typeof(StagingCloneTask))]
[ChangesEnvironment]
public sealed class ValidateTask() : DatabaseTask("validate")
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("Validate", null, async () =>
        {
            var database = new EnvironmentDatabase(context);
            var artifact = ReleasePackaging.Folder(context);
            var manifest = ReleaseManifest.LoadFromArtifact(artifact);
            var app = Path.Combine(artifact, "app");
            using var migrations = ReleaseMigrations.Load(Path.Combine(app, manifest.App + ".dll"), MigrationSelection.From(context.Settings));

            var record = ValidationRecord.PathIn(context.Paths.EnvironmentFolder);
            ValidationRecord.Remove(record);
            Database.Adoption.UnrecordedSchema.Enforce(database, migrations);
            var validation = ReleaseValidation.Run(database, database.CloneConnection, migrations, context.Settings.AllowBreaking, await RunningReleaseSchemas.ReadAsync(context));
            var rehearsal = validation.Rehearsal;
            foreach (var step in rehearsal.Steps)
                context.Information("Validate: {0}", step);
            if (!rehearsal.Reversible)
            {
                var note = $"no automatic database rollback: forward-only migration(s) {string.Join(", ", rehearsal.ForwardOnly)}";
                context.Warning("Validate: release {0} has {1}.", manifest.Version, note);
                context.Audit.Note("Validate/flag", null, "flagged", note);
            }

            var smoke = await TrialRun.SmokeAsync(app, manifest.App + ".dll", manifest.Version, context.AppEnvironment(database.CloneConnection),
                Health.ReleaseHealth.From(context.Settings), context.Settings.ReadyTimeout, Path.Combine(context.Paths.EnvironmentFolder, "validate.log"));
            context.Information("Validate: release {0} passed its smoke checks on the staging clone: {1}", manifest.Version, string.Join("; ", smoke));
            new ValidationRecord(manifest.App, manifest.Version, manifest.Sha256, validation.FromSchemaVersion, migrations.SchemaVersion,
                rehearsal.Applied.Select(m => m.Version).ToList(), DateTimeOffset.UtcNow).Save(record);
            context.Information("Validate: recorded release {0} as validated from schema version {1}; Migrate applies only what was validated.", manifest.Version, validation.FromSchemaVersion);
            return $"{rehearsal.Applied.Count} migration(s) rehearsed; smoke checks passed on the clone";
        }, context.Inputs);
}
