namespace Deploy.Recipes.Database.Adoption;

/// <summary>
/// Adopts an existing database that has no migration history: checks, on copies, that its schema is what the
/// release's migrations up to the chosen one create, and only then records those migrations as applied (touching
/// nothing but the history table). A mismatch, an empty database or one that already has history changes nothing.
/// </summary>
public static class DatabaseAdoption
{
    /// <summary>
    /// Adopts the database behind <paramref name="database"/> at <paramref name="target"/>. <paramref name="scratchName"/>
    /// names the two throwaway databases (the clone and the one the migrations build), removed afterwards.
    /// </summary>
    public static AdoptionResult Adopt(EnvironmentDatabase database, IReleaseMigrations release, MigrationInfo target, string scratchName)
    {
        var engine = database.Engine;
        var tables = engine.Tables(database.Connection);
        using var migrator = release.MigratorFor(database.Provider, database.Connection);
        var upToTarget = release.Migrations.Where(m => m.Version <= target.Version).ToList();
        if (migrator.HasHistory)
        {
            if (migrator.Pending().All(m => m.Version > target.Version))
                return new AdoptionResult(AdoptionOutcome.AlreadyRecorded, upToTarget, null);
            throw new Hosting.RecipeUsageException(
                $"The database already has {release.Engine} migration history ({migrator.HistoryTable}, at version {migrator.CurrentVersion}): Baseline only " +
                "adopts a database without one. Deploy (or Migrate) applies what is pending. Nothing was changed.");
        }

        if (tables.Count == 0)
            throw new Hosting.RecipeUsageException(
                "The database has no tables: there is nothing to adopt; Deploy creates its schema with the migrations. Nothing was changed.");

        var match = Compare(engine, database.Connection, release, target, scratchName);
        if (!match.Matches)
            return new AdoptionResult(AdoptionOutcome.SchemaDiffers, [], match);
        migrator.MarkApplied(target.Version);
        return new AdoptionResult(AdoptionOutcome.Recorded, upToTarget, match);
    }

    private static SchemaMatch Compare(IDatabaseEngine engine, string connection, IReleaseMigrations release, MigrationInfo target, string scratchName)
    {
        string? clone = null;
        string? built = null;
        try
        {
            // The clone, not the live database, is read: the app keeps writing meanwhile, and a snapshot of a
            // consistent copy cannot catch a schema change halfway.
            clone = engine.Clone(connection, scratchName).Connection;
            built = engine.CreateEmpty(connection, scratchName + "_expected");
            using (var fresh = release.MigratorFor(engine.Provider, built))
                fresh.UpTo(target.Version);
            return SchemaMatch.Compare(engine.Snapshot(clone), engine.Snapshot(built));
        }
        finally
        {
            if (built != null)
                engine.DropClone(built);
            if (clone != null)
                engine.DropClone(clone);
        }
    }
}

/// <summary>What adopting a database came to.</summary>
public enum AdoptionOutcome
{
    /// <summary>The schema matched; the migrations up to the chosen one are now recorded as applied.</summary>
    Recorded,

    /// <summary>Those migrations were already recorded (a re-run after success): nothing was done.</summary>
    AlreadyRecorded,

    /// <summary>The schema is not what the migrations create: nothing was recorded.</summary>
    SchemaDiffers,
}

/// <summary>The outcome, the migrations recorded (or already recorded) and, when compared, how the schemas compared.</summary>
public sealed record AdoptionResult(AdoptionOutcome Outcome, IReadOnlyList<MigrationInfo> Migrations, SchemaMatch? Match);
