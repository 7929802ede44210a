using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

public sealed class SqliteRestoreTests
{
    private static string LiveDatabase(TemporaryFolder folder)
    {
        // Pooled, as the app's own connections are.
        var connection = $"Data Source={folder.Combine("shop.db")}";
        Execute(connection, "PRAGMA journal_mode=WAL; CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL NOT NULL); INSERT INTO orders VALUES (1, 10), (2, 20);");
        return connection;
    }

    private static void Execute(string connection, string sql)
    {
        using var db = new SqliteConnection(connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Count(SqliteConnection db, string sql = "SELECT count(*) FROM orders")
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Test]
    public void A_restore_replaces_the_content_under_the_apps_open_connection_which_sees_the_restored_rows()
    {
        using var folder = new TemporaryFolder();
        var live = LiveDatabase(folder);
        var engine = new SqliteEngine();
        engine.Backup(live, folder.Combine("backups", "two-orders.db"));
        using var app = new SqliteConnection(live);
        app.Open();
        using (var write = app.CreateCommand())
        {
            write.CommandText = "INSERT INTO orders VALUES (3, 30)";
            write.ExecuteNonQuery();
        }

        engine.Restore(folder.Combine("backups", "two-orders.db"), live);

        Assert.That(Count(app), Is.EqualTo(2), "the app's connection, open across the restore, reads the restored database");
        using (var write = app.CreateCommand())
        {
            write.CommandText = "INSERT INTO orders VALUES (4, 40)";
            write.ExecuteNonQuery();
        }

        using var fresh = new SqliteConnection($"Data Source={folder.Combine("shop.db")};Pooling=False");
        fresh.Open();
        Assert.That(Count(fresh), Is.EqualTo(3), "what the app writes after the restore lands in the live file, not in an unlinked one");
        Assert.That(Count(fresh, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), Is.EqualTo(1), "the live database stays in WAL mode");
        Assert.That(File.Exists(folder.Combine("shop.db.restoring")), Is.False);
    }

    [Test]
    public void A_damaged_backup_fails_before_the_live_database_is_touched()
    {
        using var folder = new TemporaryFolder();
        var live = LiveDatabase(folder);
        var engine = new SqliteEngine();
        var backup = folder.Combine("backups", "damaged.db");
        engine.Backup(live, backup);
        var bytes = File.ReadAllBytes(backup);
        File.WriteAllBytes(backup, bytes[..(bytes.Length / 2)]);
        Execute(live, "INSERT INTO orders VALUES (3, 30)");

        Assert.That(() => engine.Restore(backup, live), Throws.InstanceOf<InvalidDataException>().With.Message.Contain("damaged.db").And.Message.Contain("not touched"));

        using var db = new SqliteConnection($"Data Source={folder.Combine("shop.db")};Pooling=False");
        db.Open();
        Assert.That(Count(db), Is.EqualTo(3));
        Assert.That(File.Exists(folder.Combine("shop.db.restoring")), Is.False);
    }

    [Test]
    public void A_staged_restore_that_is_not_replaced_leaves_the_live_database_as_it_was()
    {
        using var folder = new TemporaryFolder();
        var live = LiveDatabase(folder);
        var engine = new SqliteEngine();
        engine.Backup(live, folder.Combine("backups", "two-orders.db"));
        Execute(live, "INSERT INTO orders VALUES (3, 30)");

        using (var staged = engine.StageRestore(folder.Combine("backups", "two-orders.db"), live))
        {
            using var copy = new SqliteConnection(staged.Connection);
            copy.Open();
            Assert.That(Count(copy), Is.EqualTo(2), "the staged copy holds the backup and can be read before the swap");
        }

        using var db = new SqliteConnection($"Data Source={folder.Combine("shop.db")};Pooling=False");
        db.Open();
        Assert.That(Count(db), Is.EqualTo(3));
        Assert.That(File.Exists(folder.Combine("shop.db.restoring")), Is.False);
    }
}
