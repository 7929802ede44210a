using Cake.Common.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Adoption;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Adopts an existing database that has no migration history (made by hand, by <c>EnsureCreated</c> or by another
/// tool): records the release's migrations up to <c>--baseline</c> as applied, after checking on a clone that its
/// schema is what those migrations create on an empty database. A mismatch names the differences and changes nothing;
/// a re-run after success does nothing.
/// </summary>
[TaskName("Baseline")]
[TaskDescription("Adopts an existing database: records migrations up to --baseline as applied once a clone shows its schema is theirs.")]
[IsDependentOn(typeof(PackageTask))]
[ChangesEnvironment]
public sealed class BaselineTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("Baseline", null, () =>
        {
            if (context.Settings.Database.Length == 0)
                throw new RecipeUsageException(
                    "Baseline needs the environment's database: set 'database' (sqlite or postgres) and 'database-connection'. Nothing was changed.");
            var database = new EnvironmentDatabase(context);
            if (!database.Exists)
                throw new RecipeUsageException(
                    $"'{context.Settings.Environment}' has no database yet: there is nothing to adopt; Deploy creates it with the migrations. Nothing was changed.");
            var artifact = ReleasePackaging.Folder(context);
            var manifest = ReleaseManifest.LoadFromArtifact(artifact);
            using var release = ReleaseMigrations.Load(Path.Combine(artifact, "app", manifest.App + ".dll"), MigrationSelection.From(context.Settings));
            var target = BaselineMigration.Resolve(context.Settings.Baseline, release.Migrations, release.Engine);
            var scratch = context.Settings.Environment.Replace('-', '_').ToLowerInvariant() + "_baseline";

            var result = DatabaseAdoption.Adopt(database, release, target, scratch);
            switch (result.Outcome)
            {
                case AdoptionOutcome.AlreadyRecorded:
                    context.Information("Baseline: {0} migrations up to {1} are already recorded as applied; nothing to do.", release.Engine, target);
                    return Task.FromResult($"already recorded up to {BaselineMigration.Key(target)}");
                case AdoptionOutcome.SchemaDiffers:
                    foreach (var difference in result.Match!.Describe())
                        context.Error("Baseline: {0}", difference);
                    throw new RecipeUsageException(
                        $"The database's schema is not what the {release.Engine} migrations up to {target} create " +
                        $"({result.Match.OnlyInDatabase.Count + result.Match.MissingFromDatabase.Count} difference(s), listed above): nothing was recorded. " +
                        "Choose the migration whose schema the database has, or bring the database to it first.");
                default:
                    context.Information("Baseline: the database's schema is what {0} migrations up to {1} create (compared on a clone).", release.Engine, target);
                    context.Information("Baseline: recorded as applied without running them: {0}.", string.Join(", ", result.Migrations));
                    return Task.FromResult($"recorded {result.Migrations.Count} migration(s) as applied, up to {BaselineMigration.Key(target)}");
            }
        }, context.Inputs);
}
