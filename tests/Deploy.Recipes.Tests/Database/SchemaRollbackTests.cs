using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Fluent;
using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

/// <summary>
/// Schema rollback on SQLite and a throwaway PostgreSQL 15: Down only when reversible and lossless (dropped values,
/// deleted rows and narrowed values all count as loss), proved on a clone taken after the newer release stopped writing.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class SchemaRollbackTests(string provider)
{
    private static int _databases;
    private ThrowawayPostgres? _server;
    private TemporaryFolder _folder = null!;
    private string _production = null!;
    private EnvironmentDatabase _database = null!;
    private int _writersStopped;

    [OneTimeSetUp]
    public void StartServer() => _server = provider == "postgres" ? ThrowawayPostgres.Start() : null;

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [SetUp]
    public void CreateProduction()
    {
        _folder = new TemporaryFolder();
        var number = Interlocked.Increment(ref _databases);
        _production = _server == null
            ? $"Data Source={_folder.Combine("production.db")};Foreign Keys=True;Pooling=False"
            : _server.ConnectionString(_server.CreateDatabase($"production_{number}"));
        IDatabaseEngine engine = provider == "sqlite" ? new SqliteEngine() : new PostgresEngine();
        _database = new EnvironmentDatabase(provider, _production, engine, $"production_{number}_staging", _folder.Combine("backups"));
        _writersStopped = 0;
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task A_reversible_lossless_migration_is_rolled_back_after_a_backup_and_keeps_every_row()
    {
        using var release = At("Reversible", 3);

        var result = await RollBack(release, 2);

        Assert.That(result.Outcome, Is.EqualTo(SchemaOutcome.RolledBack), result.Reason);
        Assert.That((result.From, result.To), Is.EqualTo((3L, 2L)));
        Assert.That(result.Reason, Does.Contain("schema rolled back from 3 to 2"));
        Assert.That(Scalar("SELECT count(*) FROM information_schema_columns WHERE table_name = 'products' AND column_name = 'loyalty_points'"), Is.EqualTo(0));
        Assert.That(Scalar("SELECT count(*) FROM products"), Is.EqualTo(3), "no row is lost");
        var backups = _database.Catalog.Complete();
        Assert.That(backups.Select(b => b.Reason), Is.EqualTo(new[] { Deploy.Recipes.Database.Backups.BackupReason.BeforeSchemaRollback }),
            "one backup, recorded in the catalog so RestoreDatabase and keep-backups see it");
        Assert.That(_writersStopped, Is.EqualTo(1), "the newer release was stopped before the check and the Down");
    }

    [Test]
    public async Task A_Down_that_would_drop_values_keeps_the_schema_and_says_what_it_would_lose()
    {
        using var release = At("Reversible", 3);
        Execute("UPDATE products SET loyalty_points = 10 WHERE id = 1");

        var result = await RollBack(release, 2);

        Assert.That(result.Outcome, Is.EqualTo(SchemaOutcome.NoSchemaRollback));
        Assert.That(result.To, Is.EqualTo(3));
        Assert.That(result.Reason, Does.StartWith("no schema rollback").And.Contain("would lose data (products.loyalty_points holds 1 value(s))"));
        Assert.That(Scalar("SELECT loyalty_points FROM products WHERE id = 1"), Is.EqualTo(10));
    }

    [Test]
    public async Task A_Down_that_would_delete_rows_keeps_the_schema_and_says_how_many()
    {
        using var release = At("DeletingDown", 3);
        Execute("INSERT INTO products (id, name) VALUES (4, 'bundle of 1 and 2')");

        var result = await RollBack(release, 2);

        Assert.That(result.Outcome, Is.EqualTo(SchemaOutcome.NoSchemaRollback), result.Reason);
        Assert.That(result.Reason, Does.Contain("products: 1 of 4 row(s) deleted"));
        Assert.That(Scalar("SELECT count(*) FROM products"), Is.EqualTo(4));
        Assert.That(Version(release), Is.EqualTo(3));
    }

    [Test]
    public async Task A_Down_that_would_narrow_values_keeps_the_schema_and_names_the_column()
    {
        using var release = At("NarrowingDown", 4);
        Execute("UPDATE products SET price = 9.9999 WHERE id = 1");
        Assert.That(Scalar("SELECT price * 10000 FROM products WHERE id = 1"), Is.EqualTo(99999), "the newer release's schema holds four decimals");

        var result = await RollBack(release, 3);

        Assert.That(result.Outcome, Is.EqualTo(SchemaOutcome.NoSchemaRollback), result.Reason);
        Assert.That(result.Reason, Does.Contain("products.price: values changed (narrowed or rewritten)"));
        Assert.That(Version(release), Is.EqualTo(4));
    }

    [Test]
    public async Task The_loss_check_sees_what_the_newer_release_wrote_while_it_was_being_stopped()
    {
        using var release = At("Reversible", 3);

        // The newer release's last request, served while it drained: the clone must be taken after it.
        var result = await new SchemaRollback(_database).RunAsync(release, 2, () =>
        {
            Execute("UPDATE products SET loyalty_points = 5 WHERE id = 2");
            return Task.CompletedTask;
        });

        Assert.That(result.Outcome, Is.EqualTo(SchemaOutcome.NoSchemaRollback));
        Assert.That(result.Reason, Does.Contain("products.loyalty_points holds 1 value(s)"));
    }

    [Test]
    public async Task A_forward_only_migration_keeps_the_schema_and_leaves_the_newer_release_running()
    {
        using var release = At("ForwardOnly", 3);

        var result = await RollBack(release, 2);

        Assert.That(result.Outcome, Is.EqualTo(SchemaOutcome.NoSchemaRollback));
        Assert.That(result.Reason, Does.Contain("M3BackfillNames is forward-only"));
        Assert.That(_writersStopped, Is.Zero, "no Down can run, so the newer release stays warm");
    }

    [Test]
    public async Task Catching_up_after_a_Down_applies_the_missing_migrations_after_a_backup()
    {
        using var release = At("Reversible", 3);
        Assert.That((await RollBack(release, 2)).Outcome, Is.EqualTo(SchemaOutcome.RolledBack));

        var caughtUp = new SchemaCatchUp(_database).Run(release, "2.0.0", allowBreaking: false);

        Assert.That(caughtUp, Is.Not.Null);
        Assert.That((caughtUp!.From, caughtUp.To), Is.EqualTo((2L, 3L)));
        Assert.That(caughtUp.Applied.Single().Name, Is.EqualTo("M3AddLoyaltyPoints"));
        Assert.That(File.Exists(caughtUp.Backup), Is.True);
        Assert.That(new SchemaCatchUp(_database).Run(release, "2.0.0", allowBreaking: false), Is.Null, "nothing is pending any more");
    }

    [Test]
    public void Catching_up_refuses_a_breaking_migration_without_allow_breaking_and_changes_nothing()
    {
        using var release = At("Breaking", 2);

        var refused = Assert.Throws<InvalidOperationException>(() => new SchemaCatchUp(_database).Run(release, "3.0.0", allowBreaking: false));

        Assert.That(refused!.Message, Does.Contain("3 M3DropProductNames is a breaking change").And.Contain("--allow-breaking").And.Contain("Nothing was changed"));
        Assert.That(Version(release), Is.EqualTo(2));
    }

    private Task<SchemaRollbackResult> RollBack(FluentMigratorMigrations release, long target) =>
        new SchemaRollback(_database).RunAsync(release, target, () =>
        {
            _writersStopped++;
            return Task.CompletedTask;
        });

    private FluentMigratorMigrations At(string scenario, long version)
    {
        var release = FluentMigratorMigrations.Load(typeof(SchemaRollbackTests).Assembly.Location, $"Deploy.Recipes.Tests.Database.Scenarios.{scenario}");
        using var migrator = release.MigratorFor(provider, _production);
        migrator.UpTo(version);
        return release;
    }

    private long Version(FluentMigratorMigrations release)
    {
        using var migrator = release.MigratorFor(provider, _production);
        return migrator.CurrentVersion;
    }

    private void Execute(string sql)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = provider == "sqlite"
            ? sql.Replace("information_schema_columns WHERE table_name = 'products' AND column_name", "pragma_table_info('products') WHERE name")
            : sql.Replace("information_schema_columns", "information_schema.columns");
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private System.Data.Common.DbConnection Open()
    {
        System.Data.Common.DbConnection db = provider == "sqlite" ? new SqliteConnection(_production) : new NpgsqlConnection(_production);
        db.Open();
        return db;
    }
}
