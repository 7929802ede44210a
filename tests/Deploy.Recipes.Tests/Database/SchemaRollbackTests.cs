using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

/// <summary>Schema rollback on SQLite: Down only when reversible and lossless, proved on a clone first.</summary>
public sealed class SchemaRollbackTests
{
    private TemporaryFolder _folder = null!;
    private string _production = null!;
    private EnvironmentDatabaseStub _database = null!;

    [SetUp]
    public void CreateProduction()
    {
        _folder = new TemporaryFolder();
        _production = $"Data Source={_folder.Combine("production.db")};Foreign Keys=True;Pooling=False";
        _database = new EnvironmentDatabaseStub(_production, _folder.Combine("backups"));
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public void A_reversible_lossless_migration_is_rolled_back_after_a_backup_and_keeps_every_row()
    {
        using var release = AtVersion3("Reversible");

        var result = new SchemaRollback(_database.Value).Run(release, 2);

        Assert.That(result.Reason, Is.Null);
        Assert.That((result.From, result.To), Is.EqualTo((3L, 2L)));
        Assert.That(Scalar("SELECT count(*) FROM pragma_table_info('products') WHERE name = 'loyalty_points'"), Is.EqualTo(0));
        Assert.That(Scalar("SELECT count(*) FROM products"), Is.EqualTo(3), "no row is lost");
        Assert.That(Directory.GetFiles(_folder.Combine("backups")), Has.Length.EqualTo(1));
    }

    [Test]
    public void A_Down_that_would_drop_data_leaves_the_schema_and_says_what_it_would_lose()
    {
        using var release = AtVersion3("Reversible");
        Execute("UPDATE products SET loyalty_points = 10 WHERE id = 1");

        var result = new SchemaRollback(_database.Value).Run(release, 2);

        Assert.That(result.To, Is.EqualTo(3));
        Assert.That(result.Reason, Does.Contain("would lose data (products.loyalty_points holds 1 value(s))"));
        Assert.That(Scalar("SELECT loyalty_points FROM products WHERE id = 1"), Is.EqualTo(10));
    }

    [Test]
    public void A_forward_only_migration_keeps_the_schema_with_the_reason()
    {
        using var release = AtVersion3("ForwardOnly");

        var result = new SchemaRollback(_database.Value).Run(release, 2);

        Assert.That(result.To, Is.EqualTo(3));
        Assert.That(result.Reason, Does.Contain("M3BackfillNames is forward-only"));
    }

    private ReleaseMigrations AtVersion3(string scenario)
    {
        var release = ReleaseMigrations.Load(typeof(SchemaRollbackTests).Assembly.Location, $"Deploy.Recipes.Tests.Database.Scenarios.{scenario}");
        using var migrator = new SchemaMigrator("sqlite", _production, release);
        migrator.UpTo(3);
        return release;
    }

    private void Execute(string sql)
    {
        using var db = new SqliteConnection(_production);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var db = new SqliteConnection(_production);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>An environment database over a test file, the way the recipe would describe it.</summary>
    private sealed class EnvironmentDatabaseStub(string connection, string backups)
    {
        public EnvironmentDatabase Value { get; } = new("sqlite", connection, new SqliteEngine(), "production_staging", backups);
    }
}
