using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Postgres;

public sealed class PostgresBackupTests : PostgresFixture
{
    [Test]
    public void Restoring_a_backup_brings_back_rows_deleted_after_it()
    {
        using var folder = new TemporaryFolder();
        var shop = server.CreateDatabase("shop", ShopSchema.Sql);
        var file = folder.Combine("backups", "shop.dump");

        var backup = engine.Backup(shop, file);
        server.Execute("shop", "DELETE FROM orders WHERE id % 2 = 0; DELETE FROM customers WHERE id > 100;");
        engine.Restore(file, shop);

        Assert.That(backup.File, Is.EqualTo(file));
        Assert.That(backup.Bytes, Is.EqualTo(new FileInfo(file).Length).And.GreaterThan(0));
        Assert.That(File.Exists(file + ".partial"), Is.False);
        Assert.That(server.Scalar<long>("shop", "SELECT count(*) FROM orders"), Is.EqualTo(ShopSchema.Orders));
        Assert.That(server.Scalar<long>("shop", "SELECT count(*) FROM customers"), Is.EqualTo(ShopSchema.Customers));
        Assert.That(engine.Snapshot(shop).Diff(engine.Snapshot(server.CreateDatabase("fresh", ShopSchema.Sql))), Is.Empty);
    }
}
