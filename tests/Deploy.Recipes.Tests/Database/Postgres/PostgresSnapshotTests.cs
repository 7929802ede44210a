using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Postgres;

public sealed class PostgresSnapshotTests : PostgresFixture
{
    /// <summary>Tables first, foreign key added afterwards, indexes in one order.</summary>
    private const string InOneOrder = """
        CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL);
        CREATE UNIQUE INDEX ON customers (email);
        CREATE TABLE orders (
            id int PRIMARY KEY,
            customer_id int NOT NULL,
            total numeric(10,2) NOT NULL DEFAULT 0,
            CHECK (total >= 0));
        ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;
        CREATE INDEX ON orders (customer_id);
        CREATE INDEX ON orders (customer_id, total);
        """;

    /// <summary>The same schema: referencing table created first, constraints inline, indexes the other way round.</summary>
    private const string InAnotherOrder = """
        CREATE TABLE orders (
            id int NOT NULL,
            customer_id int NOT NULL,
            total numeric(10,2) NOT NULL DEFAULT 0 CHECK (total >= 0));
        CREATE INDEX ON orders (customer_id, total);
        CREATE INDEX ON orders (customer_id);
        CREATE TABLE customers (id int NOT NULL, email text NOT NULL);
        CREATE UNIQUE INDEX ON customers (email);
        ALTER TABLE customers ADD PRIMARY KEY (id);
        ALTER TABLE orders ADD PRIMARY KEY (id);
        ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;
        """;

    private int databases;

    [Test]
    public void The_same_schema_created_in_a_different_order_gives_equal_snapshots()
    {
        var one = Snapshot(InOneOrder);
        var other = Snapshot(InAnotherOrder);

        Assert.That(one.Diff(other), Is.Empty);
        Assert.That(one.Lines, Is.EqualTo(other.Lines));
        Assert.That(one.Lines, Has.Some.EqualTo("table customers"));
        Assert.That(one.Lines, Has.Some.EqualTo("column orders.total numeric(10,2) not null default 0"));
        Assert.That(one.Lines, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void A_changed_column_type_shows_in_the_diff()
    {
        var diff = Snapshot(InOneOrder).Diff(Snapshot(InOneOrder + "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);"));

        Assert.That(diff, Has.Some.EqualTo("- column orders.total numeric(10,2) not null default 0"));
        Assert.That(diff, Has.Some.EqualTo("+ column orders.total numeric(12,2) not null default 0"));
    }

    [Test]
    public void A_dropped_index_shows_in_the_diff()
    {
        var diff = Snapshot(InOneOrder).Diff(Snapshot(InOneOrder + "DROP INDEX orders_customer_id_total_idx;"));

        Assert.That(diff, Is.EqualTo(new[] { "- index orders CREATE INDEX ON public.orders USING btree (customer_id, total)" }));
    }

    [Test]
    public void A_dropped_foreign_key_shows_in_the_diff()
    {
        var diff = Snapshot(InOneOrder).Diff(Snapshot(InOneOrder + "ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;"));

        Assert.That(diff, Is.EqualTo(new[]
        {
            "- constraint orders FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE",
        }));
    }

    [Test]
    public void The_migration_bookkeeping_table_is_left_out()
    {
        const string versionInfo = """
            CREATE TABLE "VersionInfo" ("Version" bigint NOT NULL, "AppliedOn" timestamp, "Description" varchar(1024));
            CREATE UNIQUE INDEX "UC_Version" ON "VersionInfo" ("Version");
            INSERT INTO "VersionInfo" VALUES (202501010000, now(), 'Initial');
            """;

        var snapshot = Snapshot(InOneOrder + versionInfo);

        Assert.That(snapshot.Diff(Snapshot(InOneOrder)), Is.Empty);
        Assert.That(snapshot.Lines, Has.None.Contains("VersionInfo").And.None.Contains("UC_Version"));
    }

    private SchemaSnapshot Snapshot(string sql) =>
        engine.Snapshot(server.CreateDatabase($"schema{Interlocked.Increment(ref databases)}", sql));
}
