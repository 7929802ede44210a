using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Adoption;
using Deploy.Recipes.Database.EfCore;
using Deploy.Recipes.Database.Fluent;
using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tests.Database.EfCore;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Adoption;

/// <summary>
/// Adopting a database that has the schema but no migration history, with both engines on real SQLite and a
/// throwaway PostgreSQL 15. The "existing" database is made by the migrations themselves, then stripped of its
/// history table: what a database made by EnsureCreated, by hand or by another tool looks like to the recipe.
/// </summary>
[TestFixture("sqlite", "fluentmigrator")]
[TestFixture("postgres", "fluentmigrator")]
[TestFixture("sqlite", "efcore")]
[TestFixture("postgres", "efcore")]
public sealed class DatabaseAdoptionTests(string provider, string engineName) : ProviderDatabases(provider)
{
    private IReleaseMigrations _release = null!;
    private EnvironmentDatabase _database = null!;
    private string _scratch = null!;

    private MigrationInfo First => _release.Migrations[engineName == "efcore" ? 0 : 1];

    private MigrationInfo Second => _release.Migrations[engineName == "efcore" ? 1 : 2];

    [SetUp]
    public void CreateDatabase()
    {
        var connection = NewDatabase("adopted", sqliteOptions: "Pooling=False");
        _scratch = UniqueName("adopt");
        _database = new EnvironmentDatabase(Provider, connection, Engine, "unused_staging", Folder.Combine("backups"));
        _release = engineName == "efcore"
            ? EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, "ReversibleContext")
            : FluentMigratorMigrations.Load(typeof(DatabaseAdoptionTests).Assembly.Location, "Deploy.Recipes.Tests.Database.Scenarios.Reversible");
    }

    [TearDown]
    public void Remove() => _release.Dispose();

    [Test]
    public void A_database_with_the_schema_but_no_history_stops_migrations_until_Baseline_records_it()
    {
        ExistingDatabaseMadeUpTo(First);
        var stopped = Assert.Throws<RecipeUsageException>(() => UnrecordedSchema.Enforce(_database, _release))!;
        Assert.That(stopped.Message, Does.Contain("--target=Baseline --baseline=<migration>"));

        var adopted = DatabaseAdoption.Adopt(_database, _release, First, _scratch);

        Assert.That(adopted.Outcome, Is.EqualTo(AdoptionOutcome.Recorded));
        Assert.That(adopted.Match!.Matches, Is.True);
        Assert.That(() => UnrecordedSchema.Enforce(_database, _release), Throws.Nothing);
        using var migrator = _release.MigratorFor(Provider, _database.Connection);
        Assert.That(migrator.CurrentVersion, Is.EqualTo(First.Version));
        Assert.That(migrator.Pending(), Is.EqualTo(new[] { Second }));
        Assert.That(ScratchDatabasesLeft(), Is.Empty);

        var again = DatabaseAdoption.Adopt(_database, _release, First, _scratch);
        Assert.That(again.Outcome, Is.EqualTo(AdoptionOutcome.AlreadyRecorded));

        migrator.UpTo(Second.Version);
        Assert.That(migrator.CurrentVersion, Is.EqualTo(Second.Version), "the rest migrates as usual after adoption");
    }

    [Test]
    public void A_database_whose_schema_is_not_what_the_migrations_create_is_refused_naming_the_difference_and_nothing_is_recorded()
    {
        ExistingDatabaseMadeUpTo(Second);

        var refused = DatabaseAdoption.Adopt(_database, _release, First, _scratch);

        Assert.That(refused.Outcome, Is.EqualTo(AdoptionOutcome.SchemaDiffers));
        Assert.That(refused.Match!.MissingFromDatabase, Is.Empty);
        Assert.That(string.Join("\n", refused.Match.Describe()), Does.Contain(engineName == "efcore" ? "only in the database: column notes.tags" : "only in the database: column products.loyalty_points"));
        using var migrator = _release.MigratorFor(Provider, _database.Connection);
        Assert.That(migrator.HasHistory, Is.False, "nothing was recorded");
        Assert.That(ScratchDatabasesLeft(), Is.Empty);
    }

    [Test]
    public void A_database_that_already_has_history_is_refused()
    {
        using (var migrator = _release.MigratorFor(Provider, _database.Connection))
            migrator.UpTo(First.Version);

        var refused = Assert.Throws<RecipeUsageException>(() => DatabaseAdoption.Adopt(_database, _release, Second, _scratch))!;

        Assert.That(refused.Message, Does.Contain("already has").And.Contain("Nothing was changed"));
    }

    private void ExistingDatabaseMadeUpTo(MigrationInfo migration)
    {
        string history;
        using (var migrator = _release.MigratorFor(Provider, _database.Connection))
        {
            migrator.UpTo(migration.Version);
            history = migrator.HistoryTable;
        }

        Execute($"DROP TABLE \"{history}\"");
        if (engineName == "efcore")
            Execute($"DROP TABLE IF EXISTS \"{MigrationHistory.EfCoreLockTable}\"");
    }

    private List<string> ScratchDatabasesLeft()
    {
        if (Server == null)
            return Directory.GetFiles(Folder.Path, _scratch + "*").ToList();
        using var session = new NpgsqlConnection(_database.Connection);
        session.Open();
        using var command = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE '{_scratch}%'", session);
        using var reader = command.ExecuteReader();
        var left = new List<string>();
        while (reader.Read())
            left.Add(reader.GetString(0));
        return left;
    }

    private void Execute(string sql)
    {
        if (Server == null)
        {
            using var db = new SqliteConnection(_database.Connection);
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
            return;
        }

        using var session = new NpgsqlConnection(_database.Connection);
        session.Open();
        using var pg = new NpgsqlCommand(sql, session);
        pg.ExecuteNonQuery();
    }
}
