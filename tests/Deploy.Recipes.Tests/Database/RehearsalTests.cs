using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Fluent;
using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

/// <summary>
/// Rehearsal and migration on real databases, SQLite files and a throwaway PostgreSQL 15: a "production" database at
/// version 2 with data (a cart holding product 3), and its staging clone.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class RehearsalTests(string provider) : ProviderDatabases(provider)
{
    private const string Scenarios = "Deploy.Recipes.Tests.Database.Scenarios";
    private string _production = null!;

    private string ForeignKeyError => Provider == "sqlite" ? "FOREIGN KEY constraint failed" : "violates foreign key constraint";

    [SetUp]
    public void CreateProductionDatabase() => _production = NewDatabase("production");

    [Test]
    public void Reversible_migrations_pass_up_down_up_on_the_clone_and_leave_production_untouched()
    {
        using var release = AtVersion2("Reversible");
        var before = Engine.Snapshot(_production);

        var result = Rehearse(release);

        Assert.That(result.Applied.Select(m => m.Version), Is.EqualTo(new[] { 3L }));
        Assert.That(result.Reversible, Is.True);
        Assert.That(result.Steps.Single(), Does.Contain("up, down, up; schema identical each way"));
        Assert.That(Engine.Snapshot(_production), Is.EqualTo(before).Using<SchemaSnapshot>(SameLines));
        Assert.That(Version(release), Is.EqualTo(2));
    }

    [Test]
    public void A_migration_that_violates_a_foreign_key_on_production_like_data_fails_validation()
    {
        using var release = AtVersion2("ForeignKey");

        var failure = Assert.Throws<RehearsalFailedException>(() => Rehearse(release));

        Assert.That(failure!.Message, Does.Contain("Migration 3 M3DiscontinueProduct failed up on the staging clone, so production was not touched")
            .And.Contain(ForeignKeyError).And.Contain("DELETE FROM products WHERE id = 3"));
        Assert.That(Version(release), Is.EqualTo(2));
    }

    [Test]
    public void A_Down_that_fails_fails_validation_naming_the_migration()
    {
        using var release = AtVersion2("FailingDown");

        var failure = Assert.Throws<RehearsalFailedException>(() => Rehearse(release));

        Assert.That(failure!.Message, Does.Contain("Migration 3 M3AddColumnWithBrokenDown failed down on the staging clone").And.Contain("no_such_table"));
    }

    [Test]
    public void A_Down_that_does_not_restore_the_previous_schema_fails_validation_showing_the_difference()
    {
        using var release = AtVersion2("LeakyDown");

        var failure = Assert.Throws<RehearsalFailedException>(() => Rehearse(release));

        Assert.That(failure!.Message, Does.Contain("Migration 3 M3IndexThatStays does not reverse").And.Match(@"\+ index.*products.*\(name\)"));
    }

    [Test]
    public void A_breaking_change_without_allow_breaking_fails_validation_before_the_clone_changes()
    {
        using var release = AtVersion2("Breaking");
        var clone = Engine.Clone(_production, UniqueName("staging"));
        var database = new EnvironmentDatabase(Provider, _production, Engine, "unused", Folder.Combine("backups"));

        var refused = Assert.Throws<RehearsalFailedException>(() => ReleaseValidation.Run(database, clone.Connection, release, allowBreaking: false, []));

        Assert.That(refused!.Message, Does.Contain("Migration 3 M3DropProductNames is a breaking (contract) change").And.Contain("--allow-breaking"));
        Assert.That(Engine.Snapshot(clone.Connection), Is.EqualTo(Engine.Snapshot(_production)).Using<SchemaSnapshot>(SameLines));
    }

    [Test]
    public void A_forward_only_migration_is_applied_once_and_reported_as_not_reversible()
    {
        using var release = AtVersion2("ForwardOnly");

        var result = Rehearse(release);

        Assert.That(result.Reversible, Is.False);
        Assert.That(result.ForwardOnly.Single().Name, Is.EqualTo("M3BackfillNames"));
    }

    [Test]
    public void A_failed_migration_leaves_the_database_at_the_last_good_version_and_names_migration_statement_and_error()
    {
        using var release = AtVersion2("ForeignKey");
        using var migrator = release.MigratorFor(Provider, _production);

        var failure = Assert.Throws<MigrationFailedException>(() => migrator.UpTo(3));

        Assert.That(failure!.Message, Does.Contain("Migration 3 M3DiscontinueProduct failed up; the database stays at version 2")
            .And.Contain("DELETE FROM products WHERE id = 3").And.Contain(ForeignKeyError));
        Assert.That(migrator.CurrentVersion, Is.EqualTo(2));
    }

    private static bool SameLines(SchemaSnapshot a, SchemaSnapshot b) => a.Lines.SequenceEqual(b.Lines);

    private FluentMigratorMigrations AtVersion2(string scenario)
    {
        var release = FluentMigratorMigrations.Load(typeof(RehearsalTests).Assembly.Location, $"{Scenarios}.{scenario}");
        using var migrator = release.MigratorFor(Provider, _production);
        migrator.UpTo(2);
        return release;
    }

    private RehearsalResult Rehearse(FluentMigratorMigrations release)
    {
        var clone = Engine.Clone(_production, UniqueName("staging"));
        return new MigrationRehearsal(Engine, Provider).Rehearse(release, clone.Connection);
    }

    private long Version(FluentMigratorMigrations release)
    {
        using var migrator = release.MigratorFor(Provider, _production);
        return migrator.CurrentVersion;
    }
}
