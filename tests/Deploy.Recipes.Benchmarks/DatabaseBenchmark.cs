using System.Diagnostics;
using Deploy.Recipes.Database;
using Deploy.Recipes.Database.EfCore;
using Deploy.Recipes.Database.Fluent;
using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Deploy.Recipes.Benchmarks;

/// <summary>
/// Staging-clone cost on a 1 GB database, SQLite and PostgreSQL, next to the plain alternatives in the same run
/// (on SQLite, while a writer writes: a file copy, the backup API, VACUUM INTO; on PostgreSQL, pg_dump | pg_restore),
/// and the validation (up/down/up rehearsal) time for 50 migrations.
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
        Console.WriteLine($"sqlite: {Mb(bytes):N0} MB database filled in {fill.Elapsed.TotalSeconds:0.0} s; every figure below is taken while a writer commits a small transaction every millisecond or so");

        using var writer = new AppWriter(connection, Rows + 1);
        var engine = new SqliteEngine();
        var target = Path.Combine(folder, "copy.db");
        var copies = new List<TimeSpan>();
        var clones = new List<TimeSpan>();
        var method = "";
        Console.WriteLine("  method                                                                 seconds     MB/s");
        // Alternating rounds, medians: one round on a shared machine is mostly noise.
        for (var round = 0; round < 3; round++)
        {
            copies.Add(Time(() => File.Copy(source, target, overwrite: true)));
            var clone = engine.Clone(connection, "production_staging");
            clones.Add(clone.Elapsed);
            method = clone.Method;
            engine.DropClone(clone.Connection);
        }

        var copy = Median(copies);
        var cloned = Median(clones);
        Print("plain file copy (not safe while the app writes), median of 3", copy, bytes);
        foreach (var (name, alternative) in new (string, Action<string, string>)[]
                 {
                     ("backup API in one step, default destination", SqliteCloneMethods.BackupDefault),
                     ("backup API in one step, journal off, sync off, 256 MB cache", SqliteCloneMethods.BackupFastDestination),
                     ("VACUUM INTO", SqliteCloneMethods.VacuumInto),
                 })
        {
            Delete(target);
            Print(name, Time(() => alternative(connection, target)), bytes);
        }

        Delete(target);
        Print($"staging clone: {method}, median of 3", cloned, bytes);
        Console.WriteLine($"  staging clone / plain file copy: {copy / cloned:P0} of the file copy's speed (goal: at least 80%); the writer committed {writer.Transactions:N0} transactions meanwhile");
    }

    private static TimeSpan Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static void Delete(string file)
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
            File.Delete(path);
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
        using var server = ThrowawayPostgres.Start();
        using var fluent = FluentMigratorMigrations.Load(typeof(DatabaseBenchmark).Assembly.Location, "Deploy.Recipes.Benchmarks.FiftyMigrations");
        var loading = Stopwatch.StartNew();
        using var efCore = EfCoreMigrations.Load(EfCoreFiftyMigrations.App, "FiftyContext");
        loading.Stop();
        Console.WriteLine($"validation: 50 migrations rehearsed up, down, up with schema comparison (EF Core 8 loaded from the app's own folder in {loading.Elapsed.TotalSeconds:0.00} s, not counted)");
        Console.WriteLine("  engine              SQLite   PostgreSQL");
        foreach (var (name, release) in new (string, IReleaseMigrations)[] { ("FluentMigrator", fluent), ("EF Core", efCore) })
        {
            var sqlite = $"Data Source={Path.Combine(folder, $"fifty-{release.Engine.Replace(' ', '-')}.db")};Pooling=False";
            Execute(sqlite, "CREATE TABLE seed (id INTEGER)");
            var onSqlite = Time(() => Check(new MigrationRehearsal(new SqliteEngine(), "sqlite").Rehearse(release, sqlite)));
            var postgres = server.ConnectionString(server.CreateDatabase("fifty_" + name.Replace(" ", "").ToLowerInvariant()));
            var onPostgres = Time(() => Check(new MigrationRehearsal(new PostgresEngine(), "postgres").Rehearse(release, postgres)));
            Console.WriteLine($"  {name,-16} {onSqlite.TotalSeconds,7:0.00} s {onPostgres.TotalSeconds,9:0.00} s");
        }
    }

    private static void Check(RehearsalResult result)
    {
        if (result.Applied.Count != 50)
            throw new InvalidOperationException($"The rehearsal applied {result.Applied.Count} migrations, not 50.");
    }

    private static void Print(string method, TimeSpan elapsed, long bytes) =>
        Console.WriteLine($"  {method,-66} {elapsed.TotalSeconds,7:0.00} {Mb(bytes) / elapsed.TotalSeconds,8:N0}");

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
