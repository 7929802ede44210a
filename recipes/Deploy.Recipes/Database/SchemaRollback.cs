namespace Deploy.Recipes.Database;

/// <summary>What a schema rollback did, or why the schema stayed.</summary>
/// <param name="From">Schema version before.</param>
/// <param name="To">Schema version after (equal to <paramref name="From"/> when it stayed).</param>
/// <param name="Reason">Why the schema stayed, or null when it was rolled back.</param>
public sealed record SchemaRollbackResult(long From, long To, string? Reason);

/// <summary>
/// Brings the schema back with the Down migrations when rolling the app back to an older release, but only when the
/// newer migrations are reversible and their Downs lose no data (proved on a fresh clone first, with a backup taken
/// before production changes). Otherwise the schema stays: the newer migrations were expand-only, so the older
/// release runs on them, and the reason is reported.
/// </summary>
public sealed class SchemaRollback(EnvironmentDatabase database)
{
    /// <summary>Rolls the schema back to <paramref name="targetVersion"/> using the migrations of <paramref name="newer"/> (the release rolled away from).</summary>
    public SchemaRollbackResult Run(ReleaseMigrations newer, long targetVersion)
    {
        using var production = new SchemaMigrator(database.Provider, database.Connection, newer);
        var current = production.CurrentVersion;
        if (current <= targetVersion)
            return new SchemaRollbackResult(current, current, $"the schema is already at {current}, which release needs {targetVersion}");
        var reverting = newer.Migrations.Where(m => m.Version > targetVersion && m.Version <= current).ToList();
        var forwardOnly = reverting.Where(m => m.ForwardOnly).ToList();
        if (forwardOnly.Count > 0)
            return new SchemaRollbackResult(current, current, $"the schema stays at {current}: {string.Join(", ", forwardOnly)} is forward-only (expand-only changes stay compatible)");

        var clone = database.Engine.Clone(database.Connection, database.CloneName);
        using (var onClone = new SchemaMigrator(database.Provider, clone.Connection, newer))
        {
            var losses = DataLossCheck.Find(database.Provider, clone.Connection, () => onClone.DownTo(targetVersion));
            if (losses.Count > 0)
                return new SchemaRollbackResult(current, current, $"the schema stays at {current}: reverting {string.Join(", ", reverting)} would lose data ({string.Join("; ", losses)})");
        }

        database.Engine.Backup(database.Connection, database.NextBackup(current));
        production.DownTo(targetVersion);
        return new SchemaRollbackResult(current, production.CurrentVersion, null);
    }
}
