using System.Runtime.Loader;
using Deploy.Recipes.Database;
using Deploy.Recipes.Database.EfCore;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.EfCore;

/// <summary>How the EF Core engine reads a release (SQLite only: the PostgreSQL side is in <see cref="EfCoreRehearsalTests"/>).</summary>
public sealed class EfCoreReleaseTests
{
    private TemporaryFolder _folder = null!;
    private string _database = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = new TemporaryFolder();
        _database = $"Data Source={_folder.Combine("notes.db")};Pooling=False";
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [TestCase("OnEfCore8", "8.0.")]
    [TestCase("OnEfCore10", "10.0.")]
    public void The_release_migrates_with_its_own_EF_Core_loaded_from_its_folder(string build, string version)
    {
        var app = build == "OnEfCore8" ? EfScenarioApps.OnEfCore8 : EfScenarioApps.OnEfCore10;
        using var release = EfCoreMigrations.Load(app, "ReversibleContext");
        using (var migrator = release.MigratorFor("sqlite", _database))
            migrator.UpTo(release.SchemaVersion);

        Assert.That(release.Engine, Does.StartWith("EF Core " + version));
        Assert.That(Path.GetDirectoryName(release.EfCoreAssembly.Location), Is.EqualTo(Path.GetDirectoryName(app)));
        Assert.That(AssemblyLoadContext.GetLoadContext(release.EfCoreAssembly), Is.Not.SameAs(AssemblyLoadContext.Default));
        // EF Core records the version that applied each migration.
        var recorded = HistoryProductVersions();
        Assert.That(recorded, Has.Count.EqualTo(2).And.All.StartWith(version));
    }

    [Test]
    public void The_recipe_references_no_EF_Core() =>
        Assert.That(typeof(EfCoreMigrations).Assembly.GetReferencedAssemblies().Select(a => a.Name), Has.None.StartsWith("Microsoft.EntityFrameworkCore"));

    [Test]
    public void An_EF_Core_migration_keeps_its_id_and_has_its_timestamp_as_version()
    {
        using var release = EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, "ReversibleContext");

        Assert.That(release.Migrations.Select(m => (m.Version, m.Id, m.Name)), Is.EqualTo(new[]
        {
            (20250101000000L, "20250101000000_CreateNotes", "ReversibleCreateNotes"),
            (20250102000000L, "20250102000000_AddNoteTags", "ReversibleAddNoteTags"),
        }));
        Assert.That(release.SchemaVersion, Is.EqualTo(20250102000000L));
    }

    [Test]
    public void Forward_only_and_breaking_attributes_on_EF_Core_migrations_are_matched_by_name()
    {
        using var release = EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, "MarkedContext");

        var forwardOnly = release.Migrations.Single(m => m.Id == "20250102000000_UppercaseTitles");
        var breaking = release.Migrations.Single(m => m.Id == "20250103000000_DropNoteBody");
        Assert.That((forwardOnly.ForwardOnly, forwardOnly.Breaking), Is.EqualTo((true, false)));
        Assert.That((breaking.Breaking, breaking.NeedsReleasesFrom), Is.EqualTo((true, 20250102000000L)));
    }

    [Test]
    public void A_context_that_only_its_design_time_factory_can_make_is_migrated_through_it_on_the_recipe_connection()
    {
        using var release = EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, "MarkedContext");
        using var migrator = release.MigratorFor("sqlite", _database);

        migrator.UpTo(20250102000000);

        Assert.That(new SqliteEngine().SchemaVersion(_database), Is.EqualTo(20250102000000L));
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(EfScenarioApps.OnEfCore8)!, "design-time.db")), Is.False, "the factory's own connection string was not used");
    }

    [Test]
    public void Several_contexts_with_migrations_and_no_db_context_is_refused_listing_them()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, ""))!;

        Assert.That(refused.Message, Does.Contain("EfScenarioApp.Scenarios.ReversibleContext (2 migration(s))").And.Contain("EfScenarioApp.Scenarios.NotesContext").And.Contain("Set db-context"));
    }

    [Test]
    public void The_loader_picks_EF_Core_by_what_the_release_carries()
    {
        using var release = ReleaseMigrations.Load(EfScenarioApps.OnEfCore8, new MigrationSelection(DbContext: "NotesContext"));

        Assert.That(release, Is.InstanceOf<EfCoreMigrations>());
    }

    [Test]
    public void Marking_EF_Core_migrations_applied_writes_only_the_history()
    {
        using var release = EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, "ReversibleContext");
        using var migrator = release.MigratorFor("sqlite", _database);
        Assert.That(migrator.HasHistory, Is.False);

        migrator.MarkApplied(20250101000000);
        migrator.MarkApplied(20250101000000);

        Assert.That(migrator.HasHistory, Is.True);
        Assert.That(migrator.CurrentVersion, Is.EqualTo(20250101000000L));
        Assert.That(migrator.Pending().Select(m => m.Id), Is.EqualTo(new[] { "20250102000000_AddNoteTags" }));
        Assert.That(new SqliteEngine().Snapshot(_database).Lines, Is.Empty, "no migration ran");
    }

    [Test]
    public void A_design_time_factory_configured_for_another_provider_is_refused_naming_both()
    {
        using var release = EfCoreMigrations.Load(EfScenarioApps.OnEfCore8, "MarkedContext");
        using var migrator = release.MigratorFor("postgres", "Host=127.0.0.1;Port=1;Database=notes;Username=deployer");

        var refused = Assert.Throws<RecipeUsageException>(() => _ = migrator.CurrentVersion)!;

        Assert.That(refused.Message, Does.Contain("Microsoft.EntityFrameworkCore.Sqlite").And.Contain("'database' is postgres"));
    }

    [Test]
    public void A_release_without_the_provider_for_the_database_setting_is_refused_naming_the_package()
    {
        var app = _folder.Combine("app");
        CopyFolder(Path.GetDirectoryName(EfScenarioApps.OnEfCore8)!, app);
        File.Delete(Path.Combine(app, "Npgsql.EntityFrameworkCore.PostgreSQL.dll"));
        using var release = EfCoreMigrations.Load(Path.Combine(app, "EfScenarioApp.dll"), "ReversibleContext");
        using var migrator = release.MigratorFor("postgres", "Host=127.0.0.1;Port=1;Database=notes;Username=deployer");

        var refused = Assert.Throws<RecipeUsageException>(() => _ = migrator.CurrentVersion)!;

        Assert.That(refused.Message, Does.Contain("does not carry Npgsql.EntityFrameworkCore.PostgreSQL.dll"));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from))
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    private List<string> HistoryProductVersions()
    {
        using var db = new SqliteConnection(_database);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT ProductVersion FROM __EFMigrationsHistory";
        using var reader = command.ExecuteReader();
        var versions = new List<string>();
        while (reader.Read())
            versions.Add(reader.GetString(0));
        return versions;
    }
}
