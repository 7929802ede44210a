using System.Text.Json;
using Deploy.Recipes.Database.Backups;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Backups;

public sealed class BackupCatalogTests
{
    private static string Database(TemporaryFolder folder, long version)
    {
        var connection = $"Data Source={folder.Combine("shop.db")};Pooling=False";
        using var db = new SqliteConnection(connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS VersionInfo (Version INTEGER NOT NULL);
            INSERT INTO VersionInfo VALUES ({version});
            CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY);
            """;
        command.ExecuteNonQuery();
        return connection;
    }

    [Test]
    public void A_backup_records_its_time_schema_version_and_reason_beside_it()
    {
        using var folder = new TemporaryFolder();
        var catalog = new BackupCatalog(folder.Combine("backups"), "production");

        var record = catalog.Write(new SqliteEngine(), Database(folder, 2026112304), BackupReason.BeforeMigrate);

        Assert.That(record.SchemaVersion, Is.EqualTo(2026112304));
        Assert.That(record.Reason, Is.EqualTo(BackupReason.BeforeMigrate));
        Assert.That(record.Environment, Is.EqualTo("production"));
        Assert.That(File.Exists(catalog.PathOf(record) + ".json"), Is.True);
        Assert.That(catalog.Complete(), Is.EqualTo(new[] { record }));
    }

    [Test]
    public void The_newest_backup_is_chosen_by_the_time_recorded_in_it_not_by_its_file_name()
    {
        using var folder = new TemporaryFolder();
        var catalog = new BackupCatalog(folder.Combine("backups"), "production");
        var connection = Database(folder, 1);
        var older = catalog.Write(new SqliteEngine(), connection, BackupReason.BeforeMigrate);
        var newer = catalog.Write(new SqliteEngine(), connection, BackupReason.BeforeMigrate);
        // Swap the names: the file that sorts last by name now holds the older backup.
        Rename(catalog, older, "b-zzz.db", older.CreatedUtc);
        Rename(catalog, newer, "a-aaa.db", newer.CreatedUtc);

        Assert.That(catalog.Newest()!.File, Is.EqualTo("a-aaa.db"));
    }

    [Test]
    public void A_partial_or_unrecorded_backup_is_never_chosen()
    {
        using var folder = new TemporaryFolder();
        var catalog = new BackupCatalog(folder.Combine("backups"), "production");
        var complete = catalog.Write(new SqliteEngine(), Database(folder, 1), BackupReason.BeforeMigrate);
        File.WriteAllText(folder.Combine("backups", "29991231-235959-schema-1.db"), "no sidecar: an interrupted backup");
        File.WriteAllText(folder.Combine("backups", "29991231-235959-schema-1.db.partial"), "being written");
        // A sidecar whose file was cut short: the recorded size no longer matches.
        var truncated = catalog.Write(new SqliteEngine(), Database(folder, 1), BackupReason.BeforeMigrate);
        File.WriteAllText(catalog.PathOf(truncated), "cut");

        Assert.That(catalog.Newest(), Is.EqualTo(complete));
    }

    [Test]
    public void The_newest_backup_is_not_a_restores_own_safety_backup()
    {
        using var folder = new TemporaryFolder();
        var catalog = new BackupCatalog(folder.Combine("backups"), "production");
        var connection = Database(folder, 1);
        var beforeMigrate = catalog.Write(new SqliteEngine(), connection, BackupReason.BeforeMigrate);
        catalog.Write(new SqliteEngine(), connection, BackupReason.BeforeRestore);

        Assert.That(catalog.Newest(), Is.EqualTo(beforeMigrate), "rerunning the same restore restores the same backup");
    }

    [Test]
    public void Pruning_removes_the_oldest_backups_and_their_sidecars_but_keeps_the_last_safety_backup()
    {
        using var folder = new TemporaryFolder();
        var catalog = new BackupCatalog(folder.Combine("backups"), "production");
        var connection = Database(folder, 1);
        var first = catalog.Write(new SqliteEngine(), connection, BackupReason.BeforeMigrate);
        var safety = catalog.Write(new SqliteEngine(), connection, BackupReason.BeforeRestore);
        var third = catalog.Write(new SqliteEngine(), connection, BackupReason.BeforeMigrate);
        var fourth = catalog.Write(new SqliteEngine(), connection, BackupReason.BeforeMigrate);

        var removed = catalog.Prune(keep: 2);

        Assert.That(removed, Is.EqualTo(new[] { first }));
        Assert.That(catalog.Complete(), Is.EqualTo(new[] { safety, third, fourth }));
        Assert.That(File.Exists(catalog.PathOf(first)) || File.Exists(catalog.PathOf(first) + ".json"), Is.False);
    }

    private static void Rename(BackupCatalog catalog, BackupRecord record, string file, DateTimeOffset created)
    {
        File.Move(catalog.PathOf(record), Path.Combine(catalog.Folder, file));
        File.Delete(catalog.PathOf(record) + ".json");
        File.WriteAllText(Path.Combine(catalog.Folder, file + ".json"),
            JsonSerializer.Serialize(record with { File = file, CreatedUtc = created }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }
}
