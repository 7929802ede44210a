using System.Net;
using System.Text.Json;
using Deploy.Recipes.Database.Backups;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// RestoreDatabase through ./build.sh on a deployed shop (SQLite), deployed once for the fixture: the backups it
/// restores are written the way Migrate writes them (<see cref="BackupCatalog"/>), with the shop running.
/// </summary>
public sealed class RestoreDatabaseTests
{
    private static readonly string[] WithDatabase = DatabaseReleaseTests.WithDatabase;
    private TestEnvironment shop = null!;

    [OneTimeSetUp]
    public void Deploy_the_shop()
    {
        PackagedReleases.Ensure();
        shop = new TestEnvironment("production");
        var deploy = shop.Build(["--target=Deploy", PackagedReleases.Artifacts(PackagedReleases.V1), .. WithDatabase]);
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
    }

    [OneTimeTearDown]
    public void Take_the_shop_down() => shop?.Dispose();

    private string LiveDatabase => Path.Combine(shop.State, "data", "shop.db");

    private BackupCatalog Backups => new(Path.Combine(shop.State, "backups"), shop.Name);

    /// <summary>Orders are told apart by id and quantity: a restore rolls the id sequence back, so ids are reused.</summary>
    private sealed record Order(long Id, int Quantity);

    private static int quantities = 100;

    private static async Task<Order> PlaceOrderAsync(HttpClient http)
    {
        var quantity = Interlocked.Increment(ref quantities);
        using var checkout = await http.PostAsync("api/checkout", new StringContent($$"""{"productId":1,"quantity":{{quantity}}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(checkout.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return new Order(long.Parse(checkout.Headers.Location!.OriginalString.Split('/').Last()), quantity);
    }

    private static bool HasOrder(string databaseFile, Order order)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = $"SELECT count(*) FROM order_lines WHERE order_id = {order.Id} AND quantity = {order.Quantity}";
        return (long)query.ExecuteScalar()! == 1;
    }

    private List<string> AuditOf(string step) =>
        File.ReadAllLines(shop.AuditFile).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("step").GetString() == step)
            .Select(r => $"{r.GetProperty("outcome").GetString()}: {(r.TryGetProperty("message", out var m) ? m.ToString() : "")}").ToList();

    [Test]
    public async Task BackupDatabase_then_RestoreDatabase_restores_that_newest_backup_behind_the_maintenance_page_after_a_safety_backup_and_loses_no_acknowledged_order()
    {
        var kept = await PlaceOrderAsync(shop.Http);
        var taken = shop.Build(["--target=BackupDatabase", .. WithDatabase]);
        Assert.That(taken.ExitCode, Is.EqualTo(0), taken.All);
        var backup = Backups.Complete().Last();
        Assert.That(backup.Reason, Is.EqualTo(BackupReason.OnDemand));
        Assert.That(taken.Out, Does.Contain($"backed up to {Backups.PathOf(backup)}"));
        var undone = await PlaceOrderAsync(shop.Http);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<Order>();
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        long maintenancePages = 0;
        using var stop = new CancellationTokenSource();
        var customers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = shop.Url, Timeout = TimeSpan.FromSeconds(10) };
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var quantity = Interlocked.Increment(ref quantities);
                    using var response = await http.PostAsync("api/checkout", new StringContent($$"""{"productId":2,"quantity":{{quantity}}}""", System.Text.Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.Created)
                        acknowledged.Add(new Order(long.Parse(response.Headers.Location!.OriginalString.Split('/').Last()), quantity));
                    else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter != null)
                        Interlocked.Increment(ref maintenancePages);
                    else
                        errors.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException e)
                {
                    errors.Add(e.Message);
                }
            }
        })).ToList();

        var restore = shop.Build(["--target=RestoreDatabase", "--confirm", .. WithDatabase]);
        await Task.Delay(300); // customers again after maintenance ended
        await stop.CancelAsync();
        await Task.WhenAll(customers);

        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.All);
        Assert.That(restore.Out, Does.Contain($"the newest backup is {backup.File}"));
        var safety = Backups.Complete().Last(b => b.IsSafetyBackup);
        var safetyFile = Backups.PathOf(safety);
        Assert.That(restore.Out, Does.Contain($"safety backup of the database being replaced: {safetyFile}"));
        Assert.That(AuditOf("RestoreDatabase"), Does.Contain($"safety-backup: {safetyFile}").And.Contain("maintenance-on: customers get the maintenance page")
            .And.Contain("maintenance-off: customers reach the app again"));
        Assert.That(errors, Is.Empty, "customers get the shop or the maintenance page, never an error");
        Assert.That(HasOrder(LiveDatabase, kept), Is.True, "the backup's order is there");
        Assert.That(HasOrder(LiveDatabase, undone), Is.False, "the order placed after the backup is undone by the restore");
        Assert.That(HasOrder(safetyFile, undone), Is.True, "... and kept in the safety backup");
        Assert.That(acknowledged.Where(order => !HasOrder(LiveDatabase, order) && !HasOrder(safetyFile, order)), Is.Empty,
            "every order acknowledged during the restore is in the restored database or in the safety backup");
        using var home = await shop.Http.GetAsync("");
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK), "maintenance is off again");
        TestContext.Out.WriteLine($"{acknowledged.Count} orders acknowledged, {Interlocked.Read(ref maintenancePages)} maintenance pages during the restore");
    }

    [Test]
    public async Task RestoreDatabase_refuses_a_backup_whose_schema_differs_from_the_live_releases_and_changes_nothing()
    {
        var order = await PlaceOrderAsync(shop.Http);
        var liveVersion = DatabaseReleaseTests.SchemaVersion(LiveDatabase);
        using var folder = new TemporaryFolder();
        var newer = $"Data Source={folder.Combine("newer.db")};Pooling=False";
        new SqliteEngine().Backup($"Data Source={LiveDatabase};Pooling=False", folder.Combine("newer.db"));
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection(newer))
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "INSERT INTO VersionInfo (Version) VALUES (2099010100)";
            command.ExecuteNonQuery();
        }

        var mismatched = Backups.Write(new SqliteEngine(), newer, BackupReason.BeforeMigrate);
        var safetyBackups = Backups.Complete().Count(b => b.IsSafetyBackup);
        try
        {
            var restore = shop.Build(["--target=RestoreDatabase", "--confirm", .. WithDatabase]);

            Assert.That(restore.ExitCode, Is.Not.EqualTo(0));
            Assert.That(restore.Error, Does.Contain($"{mismatched.File} holds schema version 2099010100")
                .And.Contain($"the live release {PackagedReleases.V1} is at schema version {liveVersion}").And.Contain("--force"));
            Assert.That(HasOrder(LiveDatabase, order), Is.True);
            Assert.That(DatabaseReleaseTests.SchemaVersion(LiveDatabase), Is.EqualTo(liveVersion));
            Assert.That(Backups.Complete().Count(b => b.IsSafetyBackup), Is.EqualTo(safetyBackups), "refused before the safety backup");
            Assert.That(AuditOf("RestoreDatabase").Last(), Does.StartWith("failed:"), "refused before maintenance went on");
            Assert.That(File.Exists(LiveDatabase + ".restoring"), Is.False);
        }
        finally
        {
            File.Delete(Backups.PathOf(mismatched) + ".json");
            File.Delete(Backups.PathOf(mismatched));
        }
    }

    [Test]
    public void RestoreDatabase_leaves_maintenance_on_when_an_operator_had_turned_it_on()
    {
        var taken = shop.Build(["--target=BackupDatabase", .. WithDatabase]);
        Assert.That(taken.ExitCode, Is.EqualTo(0), taken.All);
        var backup = Backups.Complete().Last();
        Assert.That(backup.Reason, Is.EqualTo(BackupReason.OnDemand));
        Assert.That(taken.Out, Does.Contain($"backed up to {Backups.PathOf(backup)}"));
        Assert.That(shop.Build("--target=MaintenanceOn").ExitCode, Is.EqualTo(0));
        try
        {
            var restore = shop.Build(["--target=RestoreDatabase", "--confirm", $"--backup={backup.File}", .. WithDatabase]);

            Assert.That(restore.ExitCode, Is.EqualTo(0), restore.All);
            Assert.That(restore.Out, Does.Contain("Maintenance mode was already on; it stays on afterwards"));
            using var home = shop.Http.GetAsync("").GetAwaiter().GetResult();
            Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }
        finally
        {
            Assert.That(shop.Build("--target=MaintenanceOff").ExitCode, Is.EqualTo(0));
        }
    }
}
