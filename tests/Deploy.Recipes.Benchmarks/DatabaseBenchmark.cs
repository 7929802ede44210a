using System.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Fluent;
using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Deploy.Recipes.Benchmarks;

/// <summary>
/// Staging-clone cost on a 1 GB database, SQLite and PostgreSQL, next to the plain alternatives in the same run
/// (a file copy; pg_dump | pg_restore), and the validation (up/down/up rehearsal) time for 50 migrations.
/// </summary>
internal static class DatabaseBenchmark
{
    private const int Rows = 1_000_000; // about 1 KB each: about 1 GB

    public static int Run()
    {
        using var folder = new Scratch();
        Sqlite(folder.Path);
        Postgres();
        Validation(folder.Path);
        return 0;
    }

    private static void Sqlite(string folder)
    {
        var source = Path.Combine(folder, "production.db");
        var connection = $"Data Source={source};Pooling=False";
        var fill = Stopwatch.StartNew();
        Execute(connection, $"PRAGMA journal_mode=WAL; CREATE TABLE data AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows}) SELECT i AS id, randomblob(1000) AS payload FROM n;");
        var bytes = new FileInfo(source).Length;
        Console.WriteLine($"sqlite: {Mb(bytes):N0} MB database filled in {fill.Elapsed.TotalSeconds:0.0} s");

        var copy = Stopwatch.StartNew();
        File.Copy(source, Path.Combine(folder, "copy.db"));
        copy.Stop();
        var clone = new SqliteEngine().Clone(connection, "production_staging");
        Console.WriteLine("  method                              seconds     MB/s");
        Print("plain file copy (not safe while the app writes)", copy.Elapsed, bytes);
        Print($"staging clone: {clone.Method}", clone.Elapsed, clone.Bytes);
    }

    private static void Postgres()
    {
        using var server = ThrowawayPostgres.Start();
        var database = server.CreateDatabase("production");
        var fill = Stopwatch.StartNew();
        server.Execute(database, $"CREATE TABLE data (id bigint PRIMARY KEY, payload text); INSERT INTO data SELECT i, repeat(md5(i::text), 30) FROM generate_series(1, {Rows}) i;");
        var engine = new PostgresEngine();
        var source = server.ConnectionString(database);
        var bytes = engine.SizeBytes(source);
        Console.WriteLine($"postgres: {Mb(bytes):N0} MB database filled in {fill.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine("  method                              seconds     MB/s");

        var template = engine.Clone(source, "staging_template");
        Print($"staging clone, idle source: {template.Method}", template.Elapsed, template.Bytes);
        engine.DropClone(template.Connection);

        // Production always has sessions: the clone then falls back to pg_dump | pg_restore.
        using (var session = new NpgsqlConnection(source))
        {
            session.Open();
            var dumped = engine.Clone(source, "staging_dump");
            Print($"staging clone, live session: {dumped.Method}", dumped.Elapsed, dumped.Bytes);
        }
    }

    private static void Validation(string folder)
    {
        using var release = FluentMigratorMigrations.Load(typeof(DatabaseBenchmark).Assembly.Location, "Deploy.Recipes.Benchmarks.FiftyMigrations");
        var sqlite = $"Data Source={Path.Combine(folder, "fifty.db")};Pooling=False";
        Execute(sqlite, "CREATE TABLE seed (id INTEGER)");
        var clock = Stopwatch.StartNew();
        var result = new MigrationRehearsal(new SqliteEngine(), "sqlite").Rehearse(release, sqlite);
        Console.WriteLine($"validation: {result.Applied.Count} migrations rehearsed up, down, up with schema comparison on SQLite in {clock.Elapsed.TotalSeconds:0.00} s");

        using var server = ThrowawayPostgres.Start();
        var postgres = server.ConnectionString(server.CreateDatabase("fifty"));
        clock.Restart();
        result = new MigrationRehearsal(new PostgresEngine(), "postgres").Rehearse(release, postgres);
        Console.WriteLine($"validation: {result.Applied.Count} migrations rehearsed up, down, up with schema comparison on PostgreSQL in {clock.Elapsed.TotalSeconds:0.00} s");
    }

    private static void Print(string method, TimeSpan elapsed, long bytes) =>
        Console.WriteLine($"  {method,-58} {elapsed.TotalSeconds,7:0.00} {Mb(bytes) / elapsed.TotalSeconds,8:N0}");

    private static double Mb(long bytes) => bytes / 1048576.0;

    private static void Execute(string connection, string sql)
    {
        using var db = new SqliteConnection(connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    private sealed class Scratch : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("deploy-bench-db-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
