using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Backups;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Backups;

public sealed class EnvironmentBackupTests
{
    private static EnvironmentDatabase Database(TemporaryFolder folder, int keep)
    {
        var connection = $"Data Source={folder.Combine("shop.db")};Pooling=False";
        using (var db = new SqliteConnection(connection))
        {
            db.Open();
            using var create = db.CreateCommand();
            create.CommandText = "CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY)";
            create.ExecuteNonQuery();
        }

        return new EnvironmentDatabase("sqlite", connection, new SqliteEngine(), "shop_staging", folder.Combine("backups"))
        {
            Environment = "production",
            KeepBackups = keep,
        };
    }

    [Test]
    public void Each_backup_prunes_the_environments_backups_to_keep_backups()
    {
        using var folder = new TemporaryFolder();
        var database = Database(folder, keep: 2);

        var first = database.BackUp(BackupReason.BeforeMigrate)!;
        database.BackUp(BackupReason.BeforeMigrate);
        var third = database.BackUp(BackupReason.BeforeMigrate)!;

        Assert.That(third.Pruned, Is.EqualTo(new[] { first.Record }));
        Assert.That(database.Catalog.Complete(), Has.Count.EqualTo(2));
        Assert.That(File.Exists(first.File), Is.False);
    }

    [Test]
    public void A_keep_backups_below_one_is_refused_before_anything_is_written()
    {
        using var folder = new TemporaryFolder();
        var database = Database(folder, keep: 0);

        Assert.That(() => database.BackUp(BackupReason.BeforeMigrate),
            Throws.InstanceOf<RecipeUsageException>().With.Message.Contain("'keep-backups' is 0").And.Message.Contain("at least 1"));
        Assert.That(Directory.Exists(folder.Combine("backups")), Is.False);
    }
}
