namespace Deploy.Recipes.Database;

/// <summary>
/// Runs one release's migrations against one database, each migration in its own transaction where the provider
/// allows it, so a failure leaves the database at the last migration that succeeded. Versions are
/// <see cref="MigrationInfo.Version"/>s of the release's migrations; 0 means "before the first migration".
/// A failing migration throws <see cref="MigrationFailedException"/> naming it and the version the database stays at.
/// </summary>
public interface ISchemaMigrator : IDisposable
{
    /// <summary>The engine's bookkeeping table: <c>VersionInfo</c> (FluentMigrator) or <c>__EFMigrationsHistory</c> (EF Core).</summary>
    string HistoryTable { get; }

    /// <summary>
    /// True when the database has the engine's history table (even empty). Reading it changes nothing: it creates
    /// neither the table nor the database. A database with tables but no history table was not made by these
    /// migrations (or not recorded): see <see cref="MarkApplied"/>.
    /// </summary>
    bool HasHistory { get; }

    /// <summary>The version of the newest migration applied (0 when none is).</summary>
    long CurrentVersion { get; }

    /// <summary>The release's migrations not yet applied, oldest first.</summary>
    IReadOnlyList<MigrationInfo> Pending();

    /// <summary>Applies the pending migrations up to and including <paramref name="version"/>.</summary>
    void UpTo(long version);

    /// <summary>Reverts, newest first, the applied migrations newer than <paramref name="version"/> (0: all of them).</summary>
    void DownTo(long version);

    /// <summary>
    /// Records the release's migrations up to and including <paramref name="upTo"/> as applied without running them
    /// (adopting a database whose schema already matches them: checking that match is the caller's job, on a
    /// clone). Creates the history table when it is missing; migrations already recorded are left as they are, so it
    /// is safe to re-run. Throws <see cref="ArgumentException"/>, changing nothing, when <paramref name="upTo"/> is not
    /// the version of one of the release's migrations. Never touches anything but the history table.
    /// </summary>
    void MarkApplied(long upTo);
}

/// <summary>A migration that failed: which one, the statement and the database's error, for the one-line reason.</summary>
public sealed class MigrationFailedException(string message, Exception inner) : Exception(message, inner);
