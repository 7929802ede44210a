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
public sealed class EfCoreRehearsalTests(string provider)
{
    private const long First = 20250101000000;
    private const long Second = 20250102000000;
    private static int _databases;
    private IDatabaseEngine _engine = null!;
    private ThrowawayPostgres? _server;
    private TemporaryFolder _folder = null!;
    private string _production = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        _engine = provider == "sqlite" ? new SqliteEngine() : new PostgresEngine();
        _server = provider == "postgres" ? ThrowawayPostgres.Start() : null;
    }

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [SetUp]
    public void CreateProductionDatabase()
    {
        _folder = new TemporaryFolder();
        _production = _server == null
            ? $"Data Source={_folder.Combine("production.db")};Foreign Keys=True;Pooling=False"
            : _server.CreateDatabase($"ef_production_{Interlocked.Increment(ref _databases)}");
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public void Reversible_EF_Core_migrations_pass_up_down_up_on_the_clone_and_leave_production_untouched()
    {
        using var release = AtFirstMigration("ReversibleContext");
        var before = _engine.Snapshot(_production);

        var result = Rehearse(release);

        Assert.That(result.Applied.Select(m => m.ToString()), Is.EqualTo(new[] { "20250102000000_AddNoteTags" }));
        Assert.That(result.Steps.Single(), Does.Contain("up, down, up; schema identical each way"));
        Assert.That(_engine.Snapshot(_production).Lines, Is.EqualTo(before.Lines));
        Assert.That(_engine.SchemaVersion(_production), Is.EqualTo(First));
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
        using (var migrator = release.MigratorFor(provider, _production))
            migrator.UpTo(Second);
        var database = new EnvironmentDatabase(provider, _production, _engine, $"ef_rollback_{Interlocked.Increment(ref _databases)}", _folder.Combine("backups"));

        var result = await new SchemaRollback(database).RunAsync(release, First, () => Task.CompletedTask);

        Assert.That(result.Outcome, Is.EqualTo(SchemaOutcome.RolledBack), result.Reason);
        Assert.That(_engine.SchemaVersion(_production), Is.EqualTo(First));
        Assert.That(_engine.Snapshot(_production).Lines, Has.None.Contains("tags"));
    }

    [Test]
    public void The_EF_Core_history_gives_the_schema_version_and_stays_out_of_the_schema_snapshot()
    {
        using var release = AtFirstMigration("ReversibleContext");

        Assert.That(_engine.SchemaVersion(_production), Is.EqualTo(First));
        Assert.That(_engine.Snapshot(_production).Lines, Has.Some.Contains("notes").And.None.Contains("__EFMigrations"));
    }

    private EfCoreMigrations AtFirstMigration(string context)
    {
        var release = EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, context);
        using var migrator = release.MigratorFor(provider, _production);
        migrator.UpTo(First);
        return release;
    }

    private RehearsalResult Rehearse(EfCoreMigrations release)
    {
        var clone = _engine.Clone(_production, $"ef_staging_{Interlocked.Increment(ref _databases)}");
        return new MigrationRehearsal(_engine, provider).Rehearse(release, clone.Connection);
    }
}
