using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Tests.Support;
using Npgsql;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Postgres;

/// <summary>Restores go into a fresh database and are swapped in by rename; the live database is never restored in place.</summary>
public sealed class PostgresRestoreTests : PostgresFixture
{
    [Test]
    public void A_restore_swaps_the_restored_database_in_and_ends_only_the_sessions_on_the_replaced_one()
    {
        using var folder = new TemporaryFolder();
        var shop = server.CreateDatabase("shop_swap", ShopSchema.Sql);
        var other = server.CreateDatabase("other_app", "CREATE TABLE t (id int)");
        var file = folder.Combine("shop.dump");
        engine.Backup(shop, file);
        server.Execute("shop_swap", "DELETE FROM orders WHERE id > 10");
        using var appSession = new NpgsqlConnection(shop);
        appSession.Open();
        using var otherSession = new NpgsqlConnection(other);
        otherSession.Open();

        engine.Restore(file, shop);

        Assert.That(server.Scalar<long>("shop_swap", "SELECT count(*) FROM orders"), Is.EqualTo(ShopSchema.Orders));
        Assert.That(() => new NpgsqlCommand("SELECT 1", appSession).ExecuteScalar(), Throws.InstanceOf<Exception>(),
            "the session on the replaced database was ended (it would otherwise write into the database set aside)");
        Assert.That(new NpgsqlCommand("SELECT 1", otherSession).ExecuteScalar(), Is.EqualTo(1), "a session on another database is left alone");
        Assert.That(server.DatabaseExists("shop_swap_restoring"), Is.False);
        Assert.That(server.DatabaseExists("shop_swap_before_restore"), Is.True, "the replaced database is kept until the next restore");
        Assert.That(AdminScalar<long>("shop_swap_before_restore", "SELECT count(*) FROM orders"), Is.EqualTo(10));
    }

    [Test]
    public void A_second_restore_drops_the_database_the_first_one_set_aside()
    {
        using var folder = new TemporaryFolder();
        var shop = server.CreateDatabase("shop_twice", ShopSchema.Sql);
        var file = folder.Combine("shop.dump");
        engine.Backup(shop, file);

        engine.Restore(file, shop);
        server.Execute("shop_twice", "DELETE FROM orders");
        engine.Restore(file, shop);

        Assert.That(server.Scalar<long>("shop_twice", "SELECT count(*) FROM orders"), Is.EqualTo(ShopSchema.Orders));
        Assert.That(AdminScalar<long>("shop_twice_before_restore", "SELECT count(*) FROM orders"), Is.Zero, "only the last replaced database is kept");
    }

    [Test]
    public void A_failed_restore_leaves_the_live_database_and_its_sessions_intact()
    {
        using var folder = new TemporaryFolder();
        var shop = server.CreateDatabase("shop_fail", ShopSchema.Sql);
        var file = folder.Combine("shop.dump");
        engine.Backup(shop, file);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length * 2 / 3)]); // an interrupted copy of the backup
        server.Execute("shop_fail", "DELETE FROM orders WHERE id > 10");
        using var appSession = new NpgsqlConnection(shop);
        appSession.Open();

        Assert.That(() => engine.Restore(file, shop), Throws.InstanceOf<PostgresEngineException>().With.Message.Contain("pg_restore"));

        Assert.That(new NpgsqlCommand("SELECT count(*) FROM orders", appSession).ExecuteScalar(), Is.EqualTo(10L),
            "the app's session still works and sees the database as it was");
        Assert.That(engine.Snapshot(shop).Diff(engine.Snapshot(server.CreateDatabase("shop_fail_reference", ShopSchema.Sql))), Is.Empty);
        Assert.That(server.DatabaseExists("shop_fail_restoring"), Is.False, "the half-restored database was dropped");
        Assert.That(server.DatabaseExists("shop_fail_before_restore"), Is.False);
    }

    [Test]
    public void A_database_of_the_staging_name_that_the_recipe_did_not_make_is_refused_not_dropped()
    {
        using var folder = new TemporaryFolder();
        var shop = server.CreateDatabase("shop_clash", ShopSchema.Sql);
        server.CreateDatabase("shop_clash_restoring", "CREATE TABLE precious (id int)");
        var file = folder.Combine("shop.dump");
        engine.Backup(shop, file);

        Assert.That(() => engine.Restore(file, shop), Throws.InstanceOf<PostgresEngineException>().With.Message.Contain("was not made by Deploy.Recipes"));
        Assert.That(server.Scalar<long>("shop_clash_restoring", "SELECT count(*) FROM information_schema.tables WHERE table_name = 'precious'"), Is.EqualTo(1));
    }

    private T AdminScalar<T>(string database, string sql)
    {
        // The set-aside database refuses new sessions; the superuser lets them in again to look.
        server.Admin("postgres", $"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS true");
        using var connection = new NpgsqlConnection(server.AdminConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }
}
