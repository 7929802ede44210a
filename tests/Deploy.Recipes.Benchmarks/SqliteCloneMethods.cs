using Microsoft.Data.Sqlite;

namespace Deploy.Recipes.Benchmarks;

/// <summary>
/// The other consistent ways to copy a live SQLite database, measured beside the staging clone so the choice of
/// <c>SqliteEngine.Clone</c> can be checked on any machine: each copies one snapshot while the app writes.
/// </summary>
internal static class SqliteCloneMethods
{
    /// <summary>The online backup API in one step (one read transaction), into a destination with SQLite's defaults.</summary>
    public static void BackupDefault(string sourceConnection, string target) => Backup(sourceConnection, target, "");

    /// <summary>The online backup API in one step into a destination that skips what a throwaway copy does not need.</summary>
    public static void BackupFastDestination(string sourceConnection, string target) =>
        Backup(sourceConnection, target, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");

    /// <summary><c>VACUUM INTO</c>: rebuilds the database into a new file from one read transaction.</summary>
    public static void VacuumInto(string sourceConnection, string target)
    {
        using var source = Open(sourceConnection);
        Execute(source, $"VACUUM INTO '{target.Replace("'", "''")}'");
    }

    private static void Backup(string sourceConnection, string target, string destinationPragmas)
    {
        using var source = Open(sourceConnection);
        using var destination = Open($"Data Source={target};Pooling=False");
        if (destinationPragmas.Length > 0)
            Execute(destination, destinationPragmas);
        source.BackupDatabase(destination);
    }

    private static SqliteConnection Open(string connection)
    {
        var db = new SqliteConnection(connection);
        db.Open();
        return db;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }
}
