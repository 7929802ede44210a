using System.Net;
using System.Text.Json;
using Deploy.Recipes.Database.Backups;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// The shop released with its database handled by the recipe (SQLite): StagingClone, Validate (rehearsal and a trial
/// run on the clone) and Migrate run before the switch, and the shop itself no longer migrates at start-up.
/// </summary>
public sealed class DatabaseReleaseTests
{
    private static readonly Lazy<(string Before, string After)> Packaged = new(() =>
    {
        // Release db-1 is the shop before its expand step M004 (loyalty points), db-2 the shop with it.
        var migration = Path.Combine(RepositoryCopy.Path, "samples", "Shop", "Data", "Migrations", "M004_AddLoyaltyPoints.cs");
        var aside = migration + ".aside";
        var script = Path.Combine(RepositoryCopy.Path, "build.sh");
        File.Move(migration, aside);
        try
        {
            var first = ProcessRun.Start(script, ["--target=Package", "--app-version=db-1", "--artifacts=artifacts/db1"], RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
            Assert.That(first.ExitCode, Is.EqualTo(0), first.All);
        }
        finally
        {
            File.Move(aside, migration);
        }

        var second = ProcessRun.Start(script, ["--target=Package", "--exclusive", "--app-version=db-2", "--artifacts=artifacts/db2"], RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.All);
        return ("--artifacts=artifacts/db1", "--artifacts=artifacts/db2");
    });

    internal static readonly string[] WithDatabase =
    [
        "--database=sqlite", "--database-connection=Data Source={data}/shop.db",
        "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false", "--prebuilt", "--verify-time=1",
    ];

    private static (string Before, string After) PackageBeforeAndAfterLoyaltyPoints() => Packaged.Value;

    private static readonly Lazy<string> SlowPackage = new(() =>
    {
        var migration = Path.Combine(RepositoryCopy.Path, "samples", "Shop", "Data", "Migrations", "M005_BackfillAuditTrail.cs");
        File.WriteAllText(migration, """
            using FluentMigrator;

            namespace Shop.Data.Migrations;

            [Migration(2026112305)]
            public sealed class M005_BackfillAuditTrail : Migration
            {
                public override void Up() => Execute.Sql(
                    "CREATE TABLE audit_trail AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000000) SELECT i AS id, 'entry ' || i AS payload FROM n");

                public override void Down() => Delete.Table("audit_trail");
            }
            """);
        try
        {
            var run = ProcessRun.Start(Path.Combine(RepositoryCopy.Path, "build.sh"), ["--target=Package", "--exclusive", "--app-version=slow", "--artifacts=artifacts/slow"],
                RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
            Assert.That(run.ExitCode, Is.EqualTo(0), run.All);
        }
        finally
        {
            File.Delete(migration);
        }

        return "--artifacts=artifacts/slow";
    });

    private static string PackageWithSlowMigration() => SlowPackage.Value;

    internal static long SchemaVersion(string databaseFile)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databaseFile};Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "PRAGMA integrity_check";
        Assert.That(query.ExecuteScalar(), Is.EqualTo("ok"));
        query.CommandText = "SELECT max(Version) FROM VersionInfo";
        return (long)query.ExecuteScalar()!;
    }

    [Test]
    public async Task Database_steps_clone_rehearse_and_migrate_before_the_switch_and_keep_the_data()
    {
        PackagedReleases.Ensure();
        using var staging = new TestEnvironment("staging");

        var first = staging.Build(["--target=Deploy", PackagedReleases.Artifacts(PackagedReleases.V1), .. WithDatabase]);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.All);
        Assert.That(first.Out, Does.Contain("StagingClone: 'staging' has no database yet")
            .And.Contain("Validate: 2026112304 M004_AddLoyaltyPoints: up, down, up; schema identical each way")
            .And.Contain("passed its smoke checks on the staging clone")
            .And.Contain("Migrate: applied"));
        using (var checkout = await staging.Http.PostAsync("api/checkout", new StringContent("""{"productId":1,"quantity":2}""", System.Text.Encoding.UTF8, "application/json")))
            Assert.That(checkout.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var second = staging.Build(["--target=Deploy", PackagedReleases.Artifacts(PackagedReleases.V2), .. WithDatabase]);

        Assert.That(second.ExitCode, Is.EqualTo(0), second.All);
        Assert.That(second.Out, Does.Contain("StagingClone: cloned 'staging' to staging_staging").And.Contain("SQLite online backup API")
            .And.Contain("Migrate: the schema is up to date (version 2026112304)"));
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V2));
        using var orders = JsonDocument.Parse(await staging.Http.GetStringAsync("api/orders/1"));
        Assert.That(orders.RootElement.GetProperty("total").GetDecimal(), Is.GreaterThan(0), "the order written under release 1 is still there");
        var history = File.ReadAllText(Path.Combine(staging.State, "releases.json"));
        Assert.That(history, Does.Contain("\"schemaVersion\": 2026112304"));
        var steps = File.ReadAllLines(staging.AuditFile).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => $"{r.GetProperty("step").GetString()}:{r.GetProperty("outcome").GetString()}").ToList();
        Assert.That(steps, Is.SupersetOf(new[] { "StagingClone:succeeded", "Validate:succeeded", "Migrate:succeeded", "Deploy:succeeded" }));
    }

    [Test]
    public async Task Rollback_brings_the_schema_back_when_the_newer_migrations_are_reversible_and_keeps_the_rows()
    {
        var (before, after) = PackageBeforeAndAfterLoyaltyPoints();
        using var production = new TestEnvironment("production");
        Assert.That(production.Build(["--target=Deploy", before, "--app-version=db-1", .. WithDatabase]).ExitCode, Is.EqualTo(0));
        using (var checkout = await production.Http.PostAsync("api/checkout", new StringContent("""{"productId":2,"quantity":1}""", System.Text.Encoding.UTF8, "application/json")))
            Assert.That(checkout.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var upgrade = production.Build(["--target=Deploy", after, .. WithDatabase]);
        Assert.That(upgrade.ExitCode, Is.EqualTo(0), upgrade.All);
        Assert.That(upgrade.Out, Does.Contain("Migrate: applied 2026112304 M004_AddLoyaltyPoints; schema version 2026112303 -> 2026112304"));

        var rollback = production.Build(["--target=Rollback", .. WithDatabase]);

        Assert.That(rollback.ExitCode, Is.EqualTo(0), rollback.All);
        Assert.That(rollback.Out, Does.Contain("schema rolled back from 2026112304 to 2026112303"));
        Assert.That(await production.VersionAsync(), Is.EqualTo("db-1"));
        Assert.That((await production.Http.GetAsync("api/orders/1")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the order the old release wrote is kept");
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(production.State, "data", "shop.db")};Mode=ReadOnly");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT (SELECT count(*) FROM pragma_table_info('orders') WHERE name = 'loyalty_points'), (SELECT max(Version) FROM VersionInfo)";
        using var row = query.ExecuteReader();
        row.Read();
        Assert.That((row.GetInt64(0), row.GetInt64(1)), Is.EqualTo((0L, 2026112303L)), "the schema is the previous release's again");
        row.Close();
        db.Close();

        // db-2 was drained and stopped before the Down; going forward to it again must bring its migration back first.
        var forward = production.Build(["--target=Rollback", "--to=db-2", .. WithDatabase]);

        Assert.That(forward.ExitCode, Is.EqualTo(0), forward.All);
        Assert.That(forward.Out, Does.Contain("Rollback: db-2 needs schema 2026112304; applied 2026112304 M004_AddLoyaltyPoints").And.Contain("(cold start)"));
        Assert.That(forward.Out.IndexOf("applied 2026112304", StringComparison.Ordinal), Is.LessThan(forward.Out.IndexOf("Rolled back", StringComparison.Ordinal)), "migrated before the switch");
        Assert.That(await production.VersionAsync(), Is.EqualTo("db-2"));
        Assert.That(SchemaVersion(Path.Combine(production.State, "data", "shop.db")), Is.EqualTo(2026112304L));
    }

    [Test]
    public async Task A_rollback_whose_Down_would_lose_data_keeps_the_schema_and_says_so_as_its_own_outcome_and_last_line()
    {
        var (before, after) = PackageBeforeAndAfterLoyaltyPoints();
        using var production = new TestEnvironment("production");
        Assert.That(production.Build(["--target=Deploy", before, .. WithDatabase]).ExitCode, Is.EqualTo(0));
        Assert.That(production.Build(["--target=Deploy", after, .. WithDatabase]).ExitCode, Is.EqualTo(0));
        using (var checkout = await production.Http.PostAsync("api/checkout", new StringContent("""{"productId":2,"quantity":1}""", System.Text.Encoding.UTF8, "application/json")))
            Assert.That(checkout.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(production.State, "data", "shop.db")};Pooling=False"))
        {
            db.Open();
            using var award = db.CreateCommand();
            award.CommandText = "UPDATE orders SET loyalty_points = 7"; // what db-2 customers earned: the Down would drop it
            Assert.That(award.ExecuteNonQuery(), Is.EqualTo(1));
        }

        var rollback = production.Build(["--target=Rollback", .. WithDatabase]);

        Assert.That(rollback.ExitCode, Is.EqualTo(0), rollback.All);
        Assert.That(await production.VersionAsync(), Is.EqualTo("db-1"));
        // The last line the Rollback task prints (Cake's TearDown header and task report follow it).
        var printed = rollback.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeWhile(l => l != "TearDown").Where(l => !l.StartsWith("---", StringComparison.Ordinal)).ToList();
        Assert.That(printed[^1], Does.StartWith("Rollback to db-1 done, with no schema rollback: the schema stays at 2026112304")
            .And.Contain("orders.loyalty_points holds 1 value(s)"), rollback.Out);
        var schemaStep = File.ReadAllLines(production.AuditFile).Select(l => JsonDocument.Parse(l).RootElement)
            .Last(r => r.GetProperty("step").GetString() == "Rollback/schema");
        Assert.That(schemaStep.GetProperty("outcome").GetString(), Is.EqualTo("no-schema-rollback"));
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(production.State, "releases.json")));
        var last = history.RootElement.EnumerateArray().Last();
        Assert.That((last.GetProperty("version").GetString(), last.GetProperty("outcome").GetString(), last.GetProperty("schema").GetString()),
            Is.EqualTo(("db-1", "live", "no-schema-rollback")));
        Assert.That(SchemaVersion(Path.Combine(production.State, "data", "shop.db")), Is.EqualTo(2026112304L));
    }

    [Test]
    public async Task A_Migrate_killed_midway_leaves_the_database_at_a_known_version_and_a_rerun_completes()
    {
        PackagedReleases.Ensure();
        var slow = PackageWithSlowMigration();
        using var local = new TestEnvironment("local");
        Assert.That(local.Build(["--target=Deploy", PackagedReleases.Artifacts(PackagedReleases.V1), .. WithDatabase]).ExitCode, Is.EqualTo(0));
        var database = Path.Combine(local.State, "data", "shop.db");

        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(RepositoryCopy.Path, "build.sh"))
        {
            WorkingDirectory = RepositoryCopy.Path, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        // --force: the slow migration was not validated for this release; Migrate is run alone, as an operator reruns it.
        string[] arguments = ["--target=Migrate", "--exclusive", "--force", slow, .. WithDatabase, "--environment=local", $"--public-port={local.Port}"];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (var migrate = new System.Diagnostics.Process { StartInfo = start })
        {
            migrate.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
            migrate.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
            migrate.Start();
            migrate.BeginOutputReadLine();
            migrate.BeginErrorReadLine();
            // Proof that the migration itself runs, not a guess of how long the steps before it take: Migrate says it
            // backed up (its last line before the migrations), then the uncommitted transaction spills into the WAL.
            var wal = database + "-wal";
            long WalBytes() => File.Exists(wal) ? new FileInfo(wal).Length : 0;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!output.Any(l => l.Contains("Migrate: backed up schema version")) && !migrate.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            var walBefore = WalBytes();
            while (WalBytes() < walBefore + 4 * 1048576 && !migrate.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            Assert.That(migrate.HasExited, Is.False, "the migration must still be running when it is killed: " + string.Join("\n", output));
            Assert.That(WalBytes(), Is.GreaterThanOrEqualTo(walBefore + 4 * 1048576), "the migration's writes are visible in the WAL");
            Assert.That(File.ReadAllText(local.AuditFile), Does.Contain("\"step\":\"Migrate\",\"outcome\":\"started\""));
            migrate.Kill(); // SIGKILL: no cleanup, no rollback by the process itself
            await migrate.WaitForExitAsync();
        }

        Assert.That(SchemaVersion(database), Is.EqualTo(2026112304L), "the killed migration's transaction never committed");
        var refused = local.Build(["--target=Migrate", "--exclusive", "--force", slow, .. WithDatabase]);
        Assert.That(refused.ExitCode, Is.Not.EqualTo(0), refused.All);
        Assert.That(refused.All, Does.Contain("locked by a run that is gone").And.Contain("--force-unlock"), "the stale lock is reported, not broken silently");
        Assert.That(SchemaVersion(database), Is.EqualTo(2026112304L), "the refused rerun changed nothing");
        var rerun = local.Build(["--target=Migrate", "--exclusive", "--force", slow, "--force-unlock", .. WithDatabase]);
        Assert.That(rerun.ExitCode, Is.EqualTo(0), rerun.All);
        Assert.That(rerun.All, Does.Contain("Breaking the deployment lock"), "the killed run's lock is recognised as stale");
        Assert.That(SchemaVersion(database), Is.EqualTo(2026112305L));
    }

    [Test]
    public void RestoreDatabase_refuses_without_confirm_and_changes_nothing()
    {
        using var staging = new TestEnvironment("staging");
        var backup = Path.Combine(staging.State, "elsewhere", "20260101-000000-schema-1.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        File.WriteAllText(backup, "not restored");

        var run = staging.Build(["--target=RestoreDatabase", $"--backup={backup}", .. WithDatabase]);

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("RestoreDatabase replaces the whole database of 'staging'").And.Contain("Rerun with --confirm"));
        Assert.That(File.Exists(Path.Combine(staging.State, "data", "shop.db")), Is.False);
    }
}
