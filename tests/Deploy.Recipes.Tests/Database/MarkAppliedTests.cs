using Deploy.Recipes.Database.Fluent;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

/// <summary>FluentMigrator's side of the seam's adoption contract: the history table is probed without being made, and marking writes only history.</summary>
public sealed class MarkAppliedTests
{
    private TemporaryFolder _folder = null!;
    private FluentMigratorMigrations _release = null!;
    private string _connection = null!;

    [SetUp]
    public void Load()
    {
        _folder = new TemporaryFolder();
        _connection = $"Data Source={_folder.Combine("adopted.db")};Pooling=False";
        _release = FluentMigratorMigrations.Load(typeof(MarkAppliedTests).Assembly.Location, "Deploy.Recipes.Tests.Database.Scenarios.Reversible");
    }

    [TearDown]
    public void Unload()
    {
        _release.Dispose();
        _folder.Dispose();
    }

    [Test]
    public void Asking_for_the_history_table_of_a_database_that_does_not_exist_creates_nothing()
    {
        using var migrator = _release.MigratorFor("sqlite", _connection);

        Assert.That(migrator.HasHistory, Is.False);
        Assert.That(File.Exists(_folder.Combine("adopted.db")), Is.False);
    }

    [Test]
    public void Marking_applied_records_the_migrations_up_to_the_one_named_without_running_them()
    {
        using var migrator = _release.MigratorFor("sqlite", _connection);

        migrator.MarkApplied(2);
        migrator.MarkApplied(2);

        Assert.That(migrator.HasHistory, Is.True);
        Assert.That(migrator.CurrentVersion, Is.EqualTo(2));
        Assert.That(migrator.Pending().Select(m => m.Version), Is.EqualTo(new[] { 3L }));
        Assert.That(new Recipes.Database.Sqlite.SqliteEngine().Snapshot(_connection).Lines, Is.Empty, "no migration ran");
    }

    [Test]
    public void Marking_a_version_that_is_not_a_migration_of_the_release_changes_nothing()
    {
        using var migrator = _release.MigratorFor("sqlite", _connection);

        var refused = Assert.Throws<ArgumentException>(() => migrator.MarkApplied(99))!;

        Assert.That(refused.Message, Does.Contain("99"));
        Assert.That(migrator.HasHistory, Is.False);
    }
}
