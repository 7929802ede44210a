using Deploy.Recipes.Database;
using Deploy.Recipes.Database.EfCore;
using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.EfCore;

/// <summary>
/// The EF Core engine behind the same rehearsal and schema rollback as FluentMigrator, on SQLite and a throwaway
/// PostgreSQL 15, with tests/EfScenarioApp's own EF Core 8 loaded from its build folder. Production sits at the first
/// migration; the scenario's second migration is the change under test.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
public sealed class EfCoreRehearsalTests(string provider) : ProviderDatabases(provider)
{
    private const long First = 20250101000000;
    private const long Second = 20250102000000;
    private string _production = null!;

    [SetUp]
    public void CreateProductionDatabase() => _production = NewDatabase("ef_production");

    [Test]
    public void Reversible_EF_Core_migrations_pass_up_down_up_on_the_clone_and_leave_production_untouched()
    {
        using var release = AtFirstMigration("ReversibleContext");
        var before = Engine.Snapshot(_production);

        var result = Rehearse(release);

        Assert.That(result.Applied.Select(m => m.ToString()), Is.EqualTo(new[] { "20250102000000_AddNoteTags" }));
        Assert.That(result.Steps.Single(), Does.Contain("up, down, up; schema identical each way"));
        Assert.That(Engine.Snapshot(_production).Lines, Is.EqualTo(before.Lines));
        Assert.That(Engine.SchemaVersion(_production), Is.EqualTo(First));
    }

    [Test]
    public void A_broken_EF_Core_Down_fails_validation_naming_the_migration()
    {
        using var release = AtFirstMigration("BrokenDownContext");

        var failure = Assert.Throws<RehearsalFailedException>(() => Rehearse(release))!;

        Assert.That(failure.Message, Does.Contain("Migration 20250102000000_AddPinned failed down on the staging clone, so production was not touched")
            .And.Contain("no_such_table"));
    }

    [Test]
    public void A_non_reversible_EF_Core_change_fails_validation_showing_the_schema_difference()
    {
        using var release = AtFirstMigration("NonReversibleContext");

        var failure = Assert.Throws<RehearsalFailedException>(() => Rehearse(release))!;

        Assert.That(failure.Message, Does.Contain("Migration 20250102000000_DropNoteBody does not reverse").And.Match(@"- column notes\.body \w+ not null").And.Match(@"\+ column notes\.body \w+ null"));
    }

    [Test]
    public async Task A_reversible_lossless_EF_Core_migration_is_rolled_back_to_the_previous_migration()
    {
        using var release = AtFirstMigration("ReversibleContext");
        using (var migrator = release.MigratorFor(Provider, _production))
            migrator.UpTo(Second);
        var database = new EnvironmentDatabase(Provider, _production, Engine, UniqueName("ef_rollback"), Folder.Combine("backups"));

        var result = await new SchemaRollback(database).RunAsync(release, First, () => Task.CompletedTask);

        Assert.That(result.Outcome, Is.EqualTo(SchemaOutcome.RolledBack), result.Reason);
        Assert.That(Engine.SchemaVersion(_production), Is.EqualTo(First));
        Assert.That(Engine.Snapshot(_production).Lines, Has.None.Contains("tags"));
    }

    [Test]
    public void The_EF_Core_history_gives_the_schema_version_and_stays_out_of_the_schema_snapshot()
    {
        using var release = AtFirstMigration("ReversibleContext");

        Assert.That(Engine.SchemaVersion(_production), Is.EqualTo(First));
        Assert.That(Engine.Snapshot(_production).Lines, Has.Some.Contains("notes").And.None.Contains("__EFMigrations"));
    }

    private EfCoreMigrations AtFirstMigration(string context)
    {
        var release = EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, context);
        using var migrator = release.MigratorFor(Provider, _production);
        migrator.UpTo(First);
        return release;
    }

    private RehearsalResult Rehearse(EfCoreMigrations release)
    {
        var clone = Engine.Clone(_production, UniqueName("ef_staging"));
        return new MigrationRehearsal(Engine, Provider).Rehearse(release, clone.Connection);
    }
}
