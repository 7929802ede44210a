using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// An app whose migrations are EF Core's (tests/EfScenarioApp.Ef10, EF Core 10), released through ./build.sh as a
/// user would: the recipe picks the EF Core engine by itself (migrations=auto), rehearses and applies the migrations of
/// the DbContext named by db-context, and a Rollback takes the schema back with EF Core's own Down.
/// </summary>
public sealed class EfCoreSchemaRollbackTests
{
    private const string App = "--app=tests/EfScenarioApp.Ef10/EfScenarioApp.Ef10.csproj";

    private static readonly string[] WithEfDatabase =
    [
        App, "--database=sqlite", "--database-connection=Data Source={data}/notes.db", "--db-context=NotesContext",
        "--app-settings=ConnectionStrings__Notes={database}", "--prebuilt", "--verify-time=1",
    ];

    private static readonly Lazy<(string First, string Second)> Packaged = new(() =>
    {
        var script = Path.Combine(RepositoryCopy.Path, "build.sh");
        var first = ProcessRun.Start(script, ["--target=Package", "--exclusive", App, "--app-version=ef-1", "--artifacts=artifacts/ef1"], RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.All);
        // Release ef-2 is the app with its next migration, added the way a developer adds one.
        var migration = Path.Combine(RepositoryCopy.Path, "tests", "EfScenarioApp", "Scenarios", "NotesAddNoteTags.cs");
        File.WriteAllText(migration, """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace EfScenarioApp.Scenarios;

            [DbContext(typeof(NotesContext))]
            [Migration("20250201000000_AddNoteTags")]
            public sealed class NotesAddNoteTags : AddNoteTagsMigration;
            """);
        try
        {
            var second = ProcessRun.Start(script, ["--target=Package", "--exclusive", App, "--app-version=ef-2", "--artifacts=artifacts/ef2"], RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
            Assert.That(second.ExitCode, Is.EqualTo(0), second.All);
        }
        finally
        {
            File.Delete(migration);
        }

        return ("--artifacts=artifacts/ef1", "--artifacts=artifacts/ef2");
    });

    [Test]
    public async Task Deploy_applies_EF_Core_migrations_and_Rollback_takes_the_schema_back_with_EF_Cores_Down()
    {
        var (first, second) = Packaged.Value;
        using var production = new TestEnvironment("staging");
        var database = Path.Combine(production.State, "data", "notes.db");

        var deployed = production.Build(["--target=Deploy", first, .. WithEfDatabase]);
        Assert.That(deployed.ExitCode, Is.EqualTo(0), deployed.All);
        Assert.That(deployed.Out, Does.Contain("Migrate: applied 20250101000000_CreateNotes"));
        var upgrade = production.Build(["--target=Deploy", second, .. WithEfDatabase]);
        Assert.That(upgrade.ExitCode, Is.EqualTo(0), upgrade.All);
        Assert.That(upgrade.Out, Does.Contain("Validate: 20250201000000_AddNoteTags: up, down, up; schema identical each way")
            .And.Contain("Migrate: applied 20250201000000_AddNoteTags; schema version 20250101000000 -> 20250201000000"));
        Assert.That(await production.Http.GetStringAsync("migrations"), Does.Contain("20250201000000_AddNoteTags"), "the app's EF Core sees what the recipe applied");
        Assert.That(Schema(database), Is.EqualTo((1L, "20250201000000_AddNoteTags")));

        var rollback = production.Build(["--target=Rollback", App, "--database=sqlite", "--database-connection=Data Source={data}/notes.db", "--db-context=NotesContext"]);

        Assert.That(rollback.ExitCode, Is.EqualTo(0), rollback.All);
        Assert.That(rollback.Out, Does.Contain("schema rolled back from 20250201000000 to 20250101000000"));
        Assert.That(await production.VersionAsync(), Is.EqualTo("ef-1"));
        Assert.That(Schema(database), Is.EqualTo((0L, "20250101000000_CreateNotes")), "the schema and EF Core's history are ef-1's again");
    }

    // Whether notes has the tags column, and the newest migration EF Core's history records.
    private static (long Tags, string Newest) Schema(string file)
    {
        using var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT (SELECT count(*) FROM pragma_table_info('notes') WHERE name = 'tags'), (SELECT max(MigrationId) FROM __EFMigrationsHistory)";
        using var row = query.ExecuteReader();
        row.Read();
        return (row.GetInt64(0), row.GetString(1));
    }
}
