using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Deploy.Recipes.Database.Sqlite;

/// <summary>
/// A SQLite restore in two steps. Staging copies the backup into <c>&lt;database&gt;.restoring</c> with the online
/// backup API and checks its integrity, so a damaged or foreign file fails before the live database is touched.
/// Replacing copies the staged file into the live database with the backup API in a single step: SQLite writes it as
/// one transaction on the live file (into its WAL when the app uses WAL), so a crash midway leaves the old content,
/// and the app's open connections see the restored content on their next read.
/// </summary>
/// <remarks>
/// Why not restore into a temp file and rename it over the live one: the running app holds the live file open, and
/// after a rename it would keep reading and writing the old, unlinked file, so its writes would be lost.
/// </remarks>
internal sealed class SqliteStagedRestore : IStagedRestore
{
    private static readonly TimeSpan BusyWait = TimeSpan.FromSeconds(30);
    private readonly string live;
    private readonly string liveConnection;
    private readonly string staging;

    public SqliteStagedRestore(string backupFile, string liveConnection)
    {
        var backup = Path.GetFullPath(backupFile);
        if (!File.Exists(backup))
            throw new FileNotFoundException($"The backup to restore does not exist: {backup}.");
        live = SqliteEngine.FileOf(liveConnection);
        this.liveConnection = new SqliteConnectionStringBuilder(liveConnection) { Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        staging = live + ".restoring";
        Directory.CreateDirectory(Path.GetDirectoryName(live)!);
        Delete();
        try
        {
            using (var source = Open($"Data Source={backup};Mode=ReadOnly;Pooling=False"))
            using (var target = Open($"Data Source={staging};Pooling=False"))
                source.BackupDatabase(target);
            using var check = Open(Connection);
            using var command = check.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            var verdict = command.ExecuteScalar() as string;
            if (verdict != "ok")
                throw new InvalidDataException($"The backup {backup} is damaged (integrity check: {verdict}); the live database was not touched.");
        }
        catch (SqliteException e)
        {
            Delete();
            throw new InvalidDataException($"The backup {backup} cannot be read as a SQLite database ({e.Message}); the live database was not touched.", e);
        }
        catch
        {
            Delete();
            throw;
        }
    }

    public string Connection => $"Data Source={staging};Mode=ReadOnly;Pooling=False";

    public string Method => "SQLite backup API into a staged copy, then into the live database as one transaction";

    public void Replace()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var source = Open($"Data Source={staging};Mode=ReadOnly;Pooling=False");
                using var target = Open(liveConnection);
                source.BackupDatabase(target);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && clock.Elapsed < BusyWait)
            {
                // SQLITE_BUSY / SQLITE_LOCKED: a connection of the app is mid-transaction; maintenance mode ends that soon.
                Thread.Sleep(100);
            }
        }
    }

    public void Dispose() => Delete();

    private void Delete()
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { staging, staging + "-wal", staging + "-shm", staging + "-journal" })
            File.Delete(path);
    }

    private static SqliteConnection Open(string connection)
    {
        var db = new SqliteConnection(connection);
        db.Open();
        return db;
    }
}
