using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Deploy.Recipes.Database.Sqlite;

/// <summary>
/// SQLite: the clone and the backups go through SQLite's online backup API, which copies a consistent snapshot page
/// by page while the app keeps writing (a plain file copy of a live WAL database can be torn).
/// </summary>
public sealed class SqliteEngine : IDatabaseEngine
{
    /// <inheritdoc />
    public string Provider => "sqlite";

    /// <inheritdoc />
    public CloneResult Clone(string sourceConnection, string cloneName)
    {
        var source = FileOf(sourceConnection);
        if (!File.Exists(source))
            throw new FileNotFoundException($"The database to clone does not exist: {source}.");
        if (cloneName.Length == 0 || !cloneName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw new ArgumentException($"Clone name '{cloneName}' is not valid: use letters, digits, '_' and '-'.");
        var target = Path.Combine(Path.GetDirectoryName(source)!, cloneName + ".db");
        var clock = Stopwatch.StartNew();
        Copy(sourceConnection, target);
        var connection = new SqliteConnectionStringBuilder(sourceConnection) { DataSource = target }.ToString();
        return new CloneResult(connection, new FileInfo(target).Length, clock.Elapsed, "SQLite online backup API");
    }

    /// <inheritdoc />
    public void DropClone(string cloneConnection)
    {
        var file = FileOf(cloneConnection);
        if (!Directory.Exists(Path.GetDirectoryName(file)))
            return;
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            File.Delete(path);
    }

    /// <inheritdoc />
    public BackupResult Backup(string connection, string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var clock = Stopwatch.StartNew();
        Copy(connection, file);
        return new BackupResult(file, new FileInfo(file).Length, clock.Elapsed);
    }

    /// <inheritdoc />
    public IStagedRestore StageRestore(string file, string connection) => new SqliteStagedRestore(file, connection);

    /// <inheritdoc />
    public void Restore(string file, string connection)
    {
        using var staged = StageRestore(file, connection);
        staged.Replace();
    }

    /// <inheritdoc />
    public long? SchemaVersion(string connection)
    {
        if (!File.Exists(FileOf(connection)))
            return null;
        using var db = Open(new SqliteConnectionStringBuilder(connection) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        var tables = Query(db, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('{MigrationHistory.FluentMigratorTable}', '{MigrationHistory.EfCoreTable}')");
        var versions = new List<long>();
        if (tables.Contains(MigrationHistory.FluentMigratorTable))
        {
            using var command = db.CreateCommand();
            command.CommandText = "SELECT max(Version) FROM VersionInfo";
            if (command.ExecuteScalar() is long version)
                versions.Add(version);
        }

        if (tables.Contains(MigrationHistory.EfCoreTable))
            versions.AddRange(Query(db, $"SELECT MigrationId FROM \"{MigrationHistory.EfCoreTable}\"").Select(MigrationHistory.VersionOfEfCoreId));
        return versions.Count == 0 ? null : versions.Max();
    }

    /// <inheritdoc />
    public SchemaSnapshot Snapshot(string connection)
    {
        using var db = Open(connection);
        var lines = new List<string>();
        var tables = Query(db, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ({MigrationHistory.SqlList})");
        foreach (var table in tables)
        {
            foreach (var column in Rows(db, $"PRAGMA table_xinfo(\"{table}\")"))
                lines.Add($"column {table}.{column["name"]} {column["type"]} {(Convert.ToInt64(column["notnull"]) == 1 ? "not null" : "null")} default {column["dflt_value"] ?? "none"} pk {column["pk"]}");
            foreach (var key in Rows(db, $"PRAGMA foreign_key_list(\"{table}\")"))
                lines.Add($"foreign key {table}.{key["from"]} -> {key["table"]}.{key["to"]} on delete {key["on_delete"]}");
            foreach (var index in Rows(db, $"PRAGMA index_list(\"{table}\")"))
            {
                var columns = Query(db, $"SELECT name FROM pragma_index_info('{index["name"]}') ORDER BY seqno");
                lines.Add($"index {table} ({string.Join(", ", columns)}) unique {index["unique"]} origin {index["origin"]}");
            }
        }

        foreach (var view in Query(db, "SELECT name || ': ' || sql FROM sqlite_master WHERE type IN ('view', 'trigger')"))
            lines.Add("object " + view);
        lines.Sort(StringComparer.Ordinal);
        return new SchemaSnapshot(lines);
    }

    /// <inheritdoc />
    public long SizeBytes(string connection)
    {
        var file = FileOf(connection);
        return File.Exists(file) ? new FileInfo(file).Length : 0;
    }

    /// <summary>The database file a connection string names.</summary>
    public static string FileOf(string connection) => Path.GetFullPath(new SqliteConnectionStringBuilder(connection).DataSource);

    private static void Copy(string sourceConnection, string targetFile)
    {
        var partial = targetFile + ".partial";
        File.Delete(partial);
        using (var source = Open(sourceConnection))
        using (var target = Open($"Data Source={partial};Pooling=False"))
            source.BackupDatabase(target);
        SqliteConnection.ClearAllPools();
        foreach (var stale in new[] { targetFile + "-wal", targetFile + "-shm" })
            File.Delete(stale);
        File.Move(partial, targetFile, overwrite: true);
    }

    private static SqliteConnection Open(string connection)
    {
        var db = new SqliteConnection(connection);
        db.Open();
        return db;
    }

    private static List<string> Query(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(reader.GetString(0));
        return values;
    }

    private static List<Dictionary<string, object?>> Rows(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }
}
