namespace Deploy.Recipes.Database;

/// <summary>What the database half of Validate found: the rehearsal, and the schema version it started from.</summary>
/// <param name="FromSchemaVersion">The clone's schema version before the rehearsal: the database's when it was cloned.</param>
/// <param name="Rehearsal">The up/down/up rehearsal's result.</param>
public sealed record ReleaseValidationResult(long FromSchemaVersion, RehearsalResult Rehearsal);

/// <summary>
/// The database half of Validate, on the staging clone: the breaking-change gate, then the up/down/up rehearsal of
/// every pending migration. Production is never touched.
/// </summary>
public static class ReleaseValidation
{
    /// <summary>Validates <paramref name="release"/>'s pending migrations on the clone; throws <see cref="RehearsalFailedException"/> on any failure.</summary>
    public static ReleaseValidationResult Run(
        EnvironmentDatabase database, string cloneConnection, IReleaseMigrations release, bool allowBreaking,
        IReadOnlyList<(string Release, long SchemaVersion)> running)
    {
        long from;
        using (var clone = release.MigratorFor(database.Provider, cloneConnection))
        {
            from = clone.CurrentVersion;
            BreakingChangeGate.Check(clone.Pending(), allowBreaking, running);
        }

        return new ReleaseValidationResult(from, new MigrationRehearsal(database.Engine, database.Provider).Rehearse(release, cloneConnection));
    }
}
