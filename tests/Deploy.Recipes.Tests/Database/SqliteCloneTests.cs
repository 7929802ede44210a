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

        Assert.That(clone.Method, Is.EqualTo("SQLite online backup API"));
        using var copy = new SqliteConnection(clone.Connection);
        copy.Open();
        using var check = copy.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.That(check.ExecuteScalar(), Is.EqualTo("ok"));
        check.CommandText = "SELECT count(*) FROM products";
        Assert.That((long)check.ExecuteScalar()!, Is.GreaterThan(0));
    }
}
