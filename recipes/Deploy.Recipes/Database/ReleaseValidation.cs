namespace Deploy.Recipes.Database;

/// <summary>
/// The database half of Validate, on the staging clone: the breaking-change gate, then the up/down/up rehearsal of
/// every pending migration. Production is never touched.
/// </summary>
public static class ReleaseValidation
{
    /// <summary>Validates <paramref name="release"/>'s pending migrations on the clone; throws <see cref="RehearsalFailedException"/> on any failure.</summary>
    public static RehearsalResult Run(
        EnvironmentDatabase database, string cloneConnection, ReleaseMigrations release, bool allowBreaking,
        IReadOnlyList<(string Release, long SchemaVersion)> running)
    {
        using (var clone = new SchemaMigrator(database.Provider, cloneConnection, release))
            BreakingChangeGate.Check(clone.Pending(), allowBreaking, running);
        return new MigrationRehearsal(database.Engine, database.Provider).Rehearse(release, cloneConnection);
    }
}
