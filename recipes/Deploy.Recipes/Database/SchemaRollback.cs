using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Database;

/// <summary>What a schema rollback did, or why the schema stayed.</summary>
/// <param name="From">Schema version before.</param>
/// <param name="To">Schema version after (equal to <paramref name="From"/> when it stayed).</param>
/// <param name="Outcome">A <see cref="SchemaOutcome"/>: rolled back, no schema rollback, or unchanged.</param>
/// <param name="Reason">What happened, in one line: why the schema stayed, or what was reverted.</param>
public sealed record SchemaRollbackResult(long From, long To, string Outcome, string Reason);

/// <summary>
/// Brings the schema back with the Down migrations when rolling the app back to an older release, but only when the
/// newer migrations are reversible and their Downs lose no data (proved on a fresh clone first, with a backup taken
/// before production changes). Otherwise the schema stays (<see cref="SchemaOutcome.NoSchemaRollback"/>): the newer
/// migrations were expand-only, so the older release runs on them, and the reason is reported.
/// </summary>
public sealed class SchemaRollback(EnvironmentDatabase database)
{
    /// <summary>
    /// Rolls the schema back to <paramref name="targetVersion"/> using the migrations of <paramref name="newer"/> (the
    /// release rolled away from). <paramref name="stopWriters"/> runs once a Down is possible at all, before the clone
    /// is taken: it drains and stops the newer release, so nothing writes between the loss check and the Down.
    /// </summary>
    public async Task<SchemaRollbackResult> RunAsync(IReleaseMigrations newer, long targetVersion, Func<Task> stopWriters)
    {
        using var production = newer.MigratorFor(database.Provider, database.Connection);
        var current = production.CurrentVersion;
        if (current <= targetVersion)
            return new SchemaRollbackResult(current, current, SchemaOutcome.Unchanged, $"the schema is already at {current}, which the release needs ({targetVersion})");
        var reverting = newer.Migrations.Where(m => m.Version > targetVersion && m.Version <= current).ToList();
        var forwardOnly = reverting.Where(m => m.ForwardOnly).ToList();
        if (forwardOnly.Count > 0)
            return Kept(current, $"{string.Join(", ", forwardOnly)} is forward-only (expand-only changes stay compatible)");

        await stopWriters();
        var clone = database.Engine.Clone(database.Connection, database.CloneName);
        using (var onClone = newer.MigratorFor(database.Provider, clone.Connection))
        {
            var losses = DataLossCheck.Find(database.Provider, clone.Connection, () => onClone.DownTo(targetVersion));
            if (losses.Count > 0)
                return Kept(current, $"reverting {string.Join(", ", reverting)} would lose data ({string.Join("; ", losses)})");
        }

        // Through the catalog, so RestoreDatabase and keep-backups see it like every other backup.
        var backup = database.BackUp(Backups.BackupReason.BeforeSchemaRollback)!.File;
        production.DownTo(targetVersion);
        return new SchemaRollbackResult(current, production.CurrentVersion, SchemaOutcome.RolledBack,
            $"schema rolled back from {current} to {production.CurrentVersion} (backup {Path.GetFileName(backup)})");
    }

    private static SchemaRollbackResult Kept(long current, string why) =>
        new(current, current, SchemaOutcome.NoSchemaRollback, $"no schema rollback: the schema stays at {current}: {why}");
}
