using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Fluent;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// <c>--target=Migrate --exclusive</c> cannot skip Validate: it applies only migrations validated for this exact
/// release from the schema version the database is at.
/// </summary>
public sealed class ValidatedMigrationTests
{
    private static readonly string[] WithDatabase =
    [
        PackagedReleases.Artifacts(PackagedReleases.V1), "--database=sqlite", "--database-connection=Data Source={data}/shop.db",
        "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false", "--prebuilt",
    ];

    [Test]
    public void Migrate_exclusive_refuses_an_unvalidated_release_touching_nothing_and_proceeds_after_Validate()
    {
        PackagedReleases.Ensure();
        using var staging = new TestEnvironment("staging");

        var refused = staging.Build(["--target=Migrate", "--exclusive", .. WithDatabase]);

        Assert.That(refused.ExitCode, Is.Not.EqualTo(0));
        Assert.That(refused.Error, Does.Contain("Migrate refuses").And.Contain("release 1.0.0 was never validated").And.Contain("Nothing was changed"));
        Assert.That(File.Exists(Database(staging)), Is.False, "no database was created");
        Assert.That(Directory.Exists(Path.Combine(staging.State, "backups")), Is.False, "no backup was taken");

        var validate = staging.Build(["--target=Validate", .. WithDatabase]);
        Assert.That(validate.ExitCode, Is.EqualTo(0), validate.All);
        Assert.That(validate.Out, Does.Contain("recorded release 1.0.0 as validated from schema version 0"));

        var migrate = staging.Build(["--target=Migrate", "--exclusive", .. WithDatabase]);
        Assert.That(migrate.ExitCode, Is.EqualTo(0), migrate.All);
        Assert.That(SchemaVersion(staging), Is.EqualTo(2026112304L));
    }

    [Test]
    public void Migrate_refuses_when_the_database_moved_away_from_the_schema_version_it_was_validated_from()
    {
        PackagedReleases.Ensure();
        using var production = new TestEnvironment("production");
        var validate = production.Build(["--target=Validate", .. WithDatabase]);
        Assert.That(validate.ExitCode, Is.EqualTo(0), validate.All);
        // Someone else migrates the database part of the way after the validation (from an empty database).
        using (var release = FluentMigratorMigrations.Load(Path.Combine(RepositoryCopy.Path, "artifacts", "v" + PackagedReleases.V1, "release", "app", "Shop.dll")))
        using (var migrator = release.MigratorFor("sqlite", $"Data Source={Database(production)};Pooling=False"))
            migrator.UpTo(2026112302);

        var refused = production.Build(["--target=Migrate", "--exclusive", .. WithDatabase]);

        Assert.That(refused.ExitCode, Is.Not.EqualTo(0));
        Assert.That(refused.Error, Does.Contain("validated from schema version 0, but the database is at 2026112302"));
        Assert.That(SchemaVersion(production), Is.EqualTo(2026112302L), "nothing was migrated");
        Assert.That(Directory.Exists(Path.Combine(production.State, "backups")), Is.False, "no backup was taken");
    }

    private static string Database(TestEnvironment environment) => Path.Combine(environment.State, "data", "shop.db");

    private static long SchemaVersion(TestEnvironment environment)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database(environment)};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT max(Version) FROM VersionInfo";
        return (long)query.ExecuteScalar()!;
    }
}
