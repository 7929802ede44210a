using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

/// <summary>Both engines' history tables are bookkeeping: they give the schema version and stay out of schema and data comparisons.</summary>
public sealed class MigrationHistoryTests
{
    [Test]
    public void An_EF_Core_migration_id_has_its_timestamp_as_version() =>
        Assert.That(MigrationHistory.VersionOfEfCoreId("20250101120000_AddNotes"), Is.EqualTo(20250101120000L));

    [Test]
    public void An_EF_Core_migration_id_without_a_timestamp_is_refused_by_name()
    {
        var refused = Assert.Throws<InvalidDataException>(() => MigrationHistory.VersionOfEfCoreId("AddNotes"))!;

        Assert.That(refused.Message, Does.Contain("'AddNotes'"));
    }

    [Test]
    public void The_SQLite_schema_version_of_an_EF_Core_database_is_its_newest_migration_timestamp()
    {
        using var folder = new TemporaryFolder();
        var connection = EfCoreShaped(folder);

        Assert.That(new SqliteEngine().SchemaVersion(connection), Is.EqualTo(20250102000000L));
    }

    [Test]
    public void SQLite_snapshots_and_data_readings_leave_out_EF_Core_bookkeeping()
    {
        using var folder = new TemporaryFolder();
        var connection = EfCoreShaped(folder);

        Assert.That(new SqliteEngine().Snapshot(connection).Lines, Has.None.Contains("__EFMigrations").And.Some.Contains("notes"));
        Assert.That(DataLossCheck.Read("sqlite", connection).Keys, Is.EquivalentTo(new[] { "notes" }));
    }

    private static string EfCoreShaped(TemporaryFolder folder)
    {
        var connection = $"Data Source={folder.Combine("ef.db")};Pooling=False";
        using var db = new SqliteConnection(connection);
        db.Open();
        using var create = db.CreateCommand();
        create.CommandText = """
            CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
            CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT INTO "__EFMigrationsHistory" VALUES ('20250101000000_Notes', '9.0.0'), ('20250102000000_NoteTitle', '9.0.0');
            CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT);
            """;
        create.ExecuteNonQuery();
        return connection;
    }
}
