using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Tests.Support;
using Npgsql;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Postgres;

public sealed class PostgresCloneTests : PostgresFixture
{
    private int databases;

    [Test]
    public void An_idle_source_is_cloned_by_template_with_its_schema_and_rows()
    {
        var (source, name) = CreateShop();

        var clone = engine.Clone(source, name + "_staging");

        Assert.That(clone.Method, Is.EqualTo("CREATE DATABASE ... TEMPLATE"));
        Assert.That(new NpgsqlConnectionStringBuilder(clone.Connection).Database, Is.EqualTo(name + "_staging"));
        Assert.That(server.Scalar<long>(name + "_staging", "SELECT count(*) FROM orders"), Is.EqualTo(ShopSchema.Orders));
        Assert.That(server.Scalar<long>(name + "_staging", "SELECT count(*) FROM customers"), Is.EqualTo(ShopSchema.Customers));
        Assert.That(engine.Snapshot(clone.Connection).Diff(engine.Snapshot(source)), Is.Empty);
        Assert.That(clone.Bytes, Is.GreaterThan(0).And.EqualTo(engine.SizeBytes(clone.Connection)).Within(10).Percent);
        Assert.That(clone.Elapsed, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void A_source_with_a_live_writing_session_is_cloned_by_dump_and_restore_and_the_session_survives()
    {
        var (source, name) = CreateShop();
        using var writer = new NpgsqlConnection(source);
        writer.Open();
        var writerPid = writer.ProcessID;
        long written = 0;
        using var stop = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            using var insert = new NpgsqlCommand("INSERT INTO orders (customer_id, total) VALUES (1, 1)", writer);
            while (!stop.IsCancellationRequested)
            {
                await insert.ExecuteNonQueryAsync();
                Interlocked.Increment(ref written);
                await Task.Delay(2);
            }
        });
        SpinWait.SpinUntil(() => Interlocked.Read(ref written) > 10, TimeSpan.FromSeconds(10));

        var clone = engine.Clone(source, name + "_staging");

        var writtenAtClone = Interlocked.Read(ref written);
        Assert.That(SpinWait.SpinUntil(() => Interlocked.Read(ref written) > writtenAtClone + 10, TimeSpan.FromSeconds(10)),
            Is.True, "the source's session must keep writing after the clone");
        stop.Cancel();
        Assert.DoesNotThrowAsync(async () => await writing);
        Assert.That(clone.Method, Is.EqualTo("pg_dump | pg_restore (source has 1 live sessions)"));
        Assert.That(writer.State, Is.EqualTo(System.Data.ConnectionState.Open));
        Assert.That(server.Scalar<bool>(name, $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {writerPid})"), Is.True);
        var cloned = server.Scalar<long>(name + "_staging", "SELECT count(*) FROM orders");
        Assert.That(cloned, Is.GreaterThan(ShopSchema.Orders).And.LessThanOrEqualTo(ShopSchema.Orders + Interlocked.Read(ref written)));
        Assert.That(server.Scalar<long>(name + "_staging", "SELECT count(*) FROM customers"), Is.EqualTo(ShopSchema.Customers));
        Assert.That(engine.Snapshot(clone.Connection).Diff(engine.Snapshot(source)), Is.Empty);
    }

    [Test]
    public void Cloning_again_replaces_the_earlier_clone()
    {
        var (source, name) = CreateShop();
        var first = engine.Clone(source, name + "_staging");
        server.Execute(name + "_staging", "DELETE FROM orders");

        engine.Clone(source, name + "_staging");

        Assert.That(server.Scalar<long>(name + "_staging", "SELECT count(*) FROM orders"), Is.EqualTo(ShopSchema.Orders), first.Method);
    }

    [TestCase("Shop_Staging")]
    [TestCase("shop-staging")]
    [TestCase("shop staging")]
    [TestCase("9shop")]
    [TestCase("shop\";drop")]
    [TestCase("template1")]
    public void A_bad_clone_name_is_refused_naming_it(string cloneName)
    {
        var source = server.ConnectionString("shop");

        var error = Assert.Throws<ArgumentException>(() => engine.Clone(source, cloneName))!;

        Assert.That(error.Message, Does.Contain($"\"{cloneName}\""));
        Assert.That(server.DatabaseExists(cloneName), Is.EqualTo(cloneName == "template1"));
    }

    [Test]
    public void The_clone_name_may_not_be_the_source_name()
    {
        var (source, name) = CreateShop();

        var error = Assert.Throws<ArgumentException>(() => engine.Clone(source, name))!;

        Assert.That(error.Message, Does.Contain($"\"{name}\"").And.Contain("source"));
        Assert.That(server.Scalar<long>(name, "SELECT count(*) FROM orders"), Is.EqualTo(ShopSchema.Orders));
    }

    [Test]
    public void A_database_the_recipe_did_not_clone_is_never_dropped()
    {
        var (source, name) = CreateShop();
        var (other, otherName) = CreateShop();

        var cloneOver = Assert.Throws<PostgresEngineException>(() => engine.Clone(source, otherName))!;
        var drop = Assert.Throws<PostgresEngineException>(() => engine.DropClone(other))!;

        Assert.That(cloneOver.Message, Does.Contain("not a staging clone"));
        Assert.That(drop.Message, Does.Contain("not a staging clone"));
        Assert.That(server.Scalar<long>(otherName, "SELECT count(*) FROM orders"), Is.EqualTo(ShopSchema.Orders));
        Assert.That(server.Scalar<long>(name, "SELECT count(*) FROM orders"), Is.EqualTo(ShopSchema.Orders));
    }

    [Test]
    public void Dropping_a_clone_removes_it_and_dropping_it_again_is_no_error()
    {
        var (source, name) = CreateShop();
        var clone = engine.Clone(source, name + "_staging");
        using (var session = new NpgsqlConnection(clone.Connection))
        {
            session.Open();
            engine.DropClone(clone.Connection);
        }

        Assert.That(server.DatabaseExists(name + "_staging"), Is.False);
        Assert.DoesNotThrow(() => engine.DropClone(clone.Connection));
    }

    private (string Connection, string Name) CreateShop()
    {
        var name = $"shop{Interlocked.Increment(ref databases)}";
        return (server.CreateDatabase(name, ShopSchema.Sql), name);
    }
}
