namespace Deploy.Recipes.Database;

/// <summary>
/// What the recipe needs from one kind of database to clone, back up, restore and describe it. One implementation
/// per provider (SQLite, PostgreSQL); migrations themselves run through an <see cref="ISchemaMigrator"/>, not through this.
/// </summary>
public interface IDatabaseEngine
{
    /// <summary>The provider name used in settings: <c>sqlite</c> or <c>postgres</c>.</summary>
    string Provider { get; }

    /// <summary>
    /// Copies the database behind <paramref name="sourceConnection"/> into a fresh staging database named after
    /// <paramref name="cloneName"/> (replacing an earlier clone of that name), safely while the app keeps writing to
    /// the source, and never ending the source's sessions. Returns the clone's connection string and what it cost.
    /// </summary>
    CloneResult Clone(string sourceConnection, string cloneName);

    /// <summary>Removes a clone made by <see cref="Clone"/>; no error when it does not exist.</summary>
    void DropClone(string cloneConnection);

    /// <summary>Writes a full backup of the database to <paramref name="file"/>; returns its size and time.</summary>
    BackupResult Backup(string connection, string file);

    /// <summary>
    /// Restores the backup in <paramref name="file"/> beside the database behind <paramref name="connection"/>, without
    /// touching it; the result is put in its place by <see cref="IStagedRestore.Replace"/>. Fails, leaving nothing
    /// behind, when the backup is missing, damaged or not a backup of this engine.
    /// </summary>
    IStagedRestore StageRestore(string file, string connection);

    /// <summary>Replaces the database with the backup in <paramref name="file"/>: <see cref="StageRestore"/>, then replace.</summary>
    void Restore(string file, string connection);

    /// <summary>
    /// The highest migration version recorded in FluentMigrator's <c>VersionInfo</c> or EF Core's
    /// <c>__EFMigrationsHistory</c> (an EF migration id's timestamp); null when neither has one (or no database).
    /// </summary>
    long? SchemaVersion(string connection);

    /// <summary>
    /// A normalized, deterministic description of the schema (tables, columns with types, nullability and defaults,
    /// primary and foreign keys, indexes), excluding the migration engines' bookkeeping tables (<see cref="MigrationHistory.BookkeepingTables"/>): two databases
    /// with the same schema give equal snapshots, whatever order things were created in.
    /// </summary>
    SchemaSnapshot Snapshot(string connection);

    /// <summary>The database's size in bytes.</summary>
    long SizeBytes(string connection);
}

/// <summary>A staging clone: where it is and what it cost.</summary>
/// <param name="Connection">The clone's connection string.</param>
/// <param name="Bytes">The clone's size.</param>
/// <param name="Elapsed">How long cloning took.</param>
/// <param name="Method">How it was cloned, for the audit (for example "online backup API" or "CREATE DATABASE ... TEMPLATE").</param>
public sealed record CloneResult(string Connection, long Bytes, TimeSpan Elapsed, string Method);

/// <summary>A backup file: where, how big, how long it took.</summary>
public sealed record BackupResult(string File, long Bytes, TimeSpan Elapsed);

/// <summary>A schema description; compare with <see cref="Diff"/>.</summary>
/// <param name="Lines">One line per schema fact, sorted.</param>
public sealed record SchemaSnapshot(IReadOnlyList<string> Lines)
{
    /// <summary>What differs, as "- line" (only in this) and "+ line" (only in <paramref name="other"/>); empty when equal.</summary>
    public IReadOnlyList<string> Diff(SchemaSnapshot other) =>
        Lines.Except(other.Lines).Select(l => "- " + l).Concat(other.Lines.Except(Lines).Select(l => "+ " + l)).ToList();
}
