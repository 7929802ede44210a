namespace Deploy.Recipes.Database;

/// <summary>What <see cref="SchemaCatchUp"/> applied.</summary>
/// <param name="From">Schema version before.</param>
/// <param name="To">Schema version after.</param>
/// <param name="Applied">The migrations applied, oldest first.</param>
/// <param name="Backup">The backup taken first.</param>
public sealed record SchemaCatchUpResult(long From, long To, IReadOnlyList<MigrationInfo> Applied, string Backup);

/// <summary>
/// Before a rollback switches to a release, applies the migrations it carries that the database lacks (after a
/// schema Down, rolling forward again to the newer warm release needs them back). A release is never switched to on a
/// schema older than it was built for. A breaking (contract) migration is refused without <c>--allow-breaking</c>: the
/// release still live would serve on it until the switch.
/// </summary>
public sealed class SchemaCatchUp(EnvironmentDatabase database)
{
    /// <summary>Applies <paramref name="release"/>'s pending migrations (backup first); null when none is pending.</summary>
    public SchemaCatchUpResult? Run(IReleaseMigrations release, string version, bool allowBreaking)
    {
        using var migrator = release.MigratorFor(database.Provider, database.Connection);
        var pending = migrator.Pending();
        if (pending.Count == 0)
            return null;
        var breaking = pending.Where(m => m.Breaking).ToList();
        if (breaking.Count > 0 && !allowBreaking)
            throw new InvalidOperationException(
                $"Release {version} needs migrations the database lacks ({string.Join(", ", pending)}), and {string.Join(", ", breaking)} is a breaking change the live release may not survive. " +
                "Nothing was changed. Deploy that release instead (it is validated first), or pass --allow-breaking.");
        var before = migrator.CurrentVersion;
        var backup = database.BackUp(Backups.BackupReason.BeforeMigrate)!.File;
        migrator.UpTo(release.SchemaVersion);
        return new SchemaCatchUpResult(before, migrator.CurrentVersion, pending, backup);
    }
}
