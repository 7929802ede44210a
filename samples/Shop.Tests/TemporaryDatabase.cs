using Microsoft.Data.Sqlite;

namespace Shop.Tests;

/// <summary>A SQLite file of its own in a fresh temp folder (the folder also catches the -wal and -shm files).</summary>
internal sealed class TemporaryDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shop-tests-").FullName;

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "shop.db")}";

    public long Count(string table) => (long)Query($"SELECT count(*) FROM {table};")!;

    public object? Query(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; close them so the folder can go.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
