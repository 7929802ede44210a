using Deploy.Recipes.Database.Fluent;
using Deploy.Recipes.Tests.Support;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// Adopting the shop's existing SQLite database through ./build.sh as a user would: its schema was made without the
/// recipe (here by the shop's own migrations, its history then dropped), so Validate stops on it, Baseline refuses the
/// migration whose schema it does not have, records the one whose schema it has, and does nothing when run again.
/// </summary>
public sealed class BaselineTests
{
    [Test]
    public void An_existing_database_is_stopped_then_adopted_only_at_the_migration_whose_schema_it_has()
    {
        PackagedReleases.Ensure();
        using var shop = new TestEnvironment("staging");
        var database = Path.Combine(shop.State, "data", "shop.db");
        ExistingDatabaseWithoutHistory(database);
        string[] release = [PackagedReleases.Artifacts(PackagedReleases.V1), .. DatabaseReleaseTests.WithDatabase];

        var validate = shop.Build(["--target=Validate", "--exclusive", .. release]);
        Assert.That(validate.ExitCode, Is.Not.EqualTo(0), validate.All);
        Assert.That(validate.All, Does.Contain("no FluentMigrator migration history").And.Contain("--target=Baseline --baseline=<migration>")
            .And.Contain("2026112304 (M004_AddLoyaltyPoints)"));

        var wrong = shop.Build(["--target=Baseline", "--exclusive", "--baseline=2026112303", .. release]);
        Assert.That(wrong.ExitCode, Is.Not.EqualTo(0), wrong.All);
        Assert.That(wrong.All, Does.Contain("Baseline: only in the database: column").And.Contain("loyalty_points").And.Contain("nothing was recorded"));
        Assert.That(HasVersionInfo(database), Is.False);

        var right = shop.Build(["--target=Baseline", "--exclusive", "--baseline=2026112304", .. release]);
        Assert.That(right.ExitCode, Is.EqualTo(0), right.All);
        Assert.That(right.Out, Does.Contain("Baseline: recorded as applied without running them: 2026112301 M001_CreateCatalog, 2026112302 M002_CreateCarts"));
        Assert.That(DatabaseReleaseTests.SchemaVersion(database), Is.EqualTo(2026112304));
        Assert.That(File.ReadAllText(shop.AuditFile), Does.Contain("\"Baseline\""));

        var again = shop.Build(["--target=Baseline", "--exclusive", "--baseline=2026112304", .. release]);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.All);
        Assert.That(again.Out, Does.Contain("already recorded as applied; nothing to do"));
    }

    private static void ExistingDatabaseWithoutHistory(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var app = Directory.GetFiles(Path.Combine(RepositoryCopy.Path, "artifacts", "v" + PackagedReleases.V1), "Shop.dll", SearchOption.AllDirectories)
            .Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == "app");
        var connection = $"Data Source={file};Pooling=False";
        using (var release = FluentMigratorMigrations.Load(app))
        using (var migrator = release.MigratorFor("sqlite", connection))
            migrator.UpTo(release.SchemaVersion);
        using var db = new SqliteConnection(connection);
        db.Open();
        using var drop = db.CreateCommand();
        drop.CommandText = "DROP TABLE VersionInfo";
        drop.ExecuteNonQuery();
    }

    private static bool HasVersionInfo(string file)
    {
        using var db = new SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'VersionInfo'";
        return (long)query.ExecuteScalar()! > 0;
    }
}
