using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

public sealed class SqliteCloneTests
{
    [Test]
    public void The_clone_is_a_consistent_copy_taken_while_the_source_is_being_written()
    {
        using var folder = new TemporaryFolder();
        var production = $"Data Source={folder.Combine("production.db")};Pooling=False";
        using (var setup = new SqliteConnection(production))
        {
            setup.Open();
            using var create = setup.CreateCommand();
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            using var db = new SqliteConnection(production);
            db.Open();
            for (var id = 1; !stop.IsCancellationRequested; id++)
            {
                using var insert = db.CreateCommand();
                insert.CommandText = $"INSERT INTO products (id, name) VALUES ({id}, 'product {id}')";
                insert.ExecuteNonQuery();
            }
        });
        Thread.Sleep(200);

        var clone = new SqliteEngine().Clone(production, "production_staging");
        stop.Cancel();
        writer.Wait();

        Assert.That(clone.Method, Is.EqualTo(SqliteEngine.CloneMethod));
        Assert.That(File.Exists(folder.Combine("production_staging.db-wal")), Is.False, "the clone is one self-contained file");
        using var copy = new SqliteConnection(clone.Connection);
        copy.Open();
        using var check = copy.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.That(check.ExecuteScalar(), Is.EqualTo("ok"));
        check.CommandText = "SELECT count(*) FROM products";
        Assert.That((long)check.ExecuteScalar()!, Is.GreaterThan(0));
    }

    // Each transaction adds an order and raises the running total with it, while checkpoints run all the time: a clone
    // holding any state other than one whole commit shows it as a total that differs from the orders it holds.
    [TestCase("wal")]
    [TestCase("delete")]
    public void Every_clone_holds_one_committed_state_while_transactions_and_checkpoints_run(string journalMode)
    {
        using var folder = new TemporaryFolder();
        var production = $"Data Source={folder.Combine("production.db")};Pooling=False;Default Timeout=60";
        using (var setup = new SqliteConnection(production))
        {
            setup.Open();
            using var create = setup.CreateCommand();
            create.CommandText = $"PRAGMA journal_mode={journalMode}; CREATE TABLE orders (id INTEGER PRIMARY KEY, payload BLOB NOT NULL); " +
                                 "CREATE TABLE totals (n INTEGER NOT NULL); INSERT INTO totals VALUES (0); " +
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) INSERT INTO orders (payload) SELECT randomblob(3000) FROM n; " +
                                 "UPDATE totals SET n = 5000;";
            create.ExecuteNonQuery();
        }

        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(() =>
        {
            using var db = new SqliteConnection(production);
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "PRAGMA wal_autocheckpoint=16; PRAGMA synchronous=OFF";
            command.ExecuteNonQuery();
            command.CommandText = "BEGIN IMMEDIATE; UPDATE orders SET payload = randomblob(3000) WHERE id = abs(random()) % 5000 + 1; " +
                                  "INSERT INTO orders (payload) SELECT randomblob(3000) FROM (SELECT 1 UNION ALL SELECT 2); UPDATE totals SET n = n + 2; COMMIT;";
            while (!stop.IsCancellationRequested)
            {
                command.ExecuteNonQuery();
                written++;
                if (journalMode == "delete")
                    Thread.Sleep(2); // in rollback-journal mode a writer that never pauses starves every reader, the clone included
            }
        });
        while (written < 20)
            Thread.Sleep(10);

        var verdicts = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            var clone = new SqliteEngine().Clone(production, "production_staging");
            using var copy = new SqliteConnection(clone.Connection);
            copy.Open();
            using var check = copy.CreateCommand();
            check.CommandText = "SELECT (SELECT integrity_check FROM pragma_integrity_check) || ', totals match: ' || ((SELECT count(*) FROM orders) = (SELECT n FROM totals))";
            verdicts.Add((string)check.ExecuteScalar()!);
        }

        stop.Cancel();
        writer.Wait();
        Assert.That(written, Is.GreaterThan(20));
        Assert.That(verdicts, Is.All.EqualTo("ok, totals match: 1"));
    }
}
