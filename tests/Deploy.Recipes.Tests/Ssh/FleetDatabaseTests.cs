using System.Runtime.Versioning;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>
/// A fleet's database steps run once per environment, from the machine running ./build.sh, against the environment's
/// PostgreSQL database reached over the network, before any host switches; every host's release then reads the same
/// database (tests/EfScenarioApp.Ef10, EF Core migrations, on two real sshd hosts 127.0.0.46-47).
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class FleetDatabaseTests
{
    private const string App = "--app=tests/EfScenarioApp.Ef10/EfScenarioApp.Ef10.csproj";

    [Test]
    public async Task Migrations_run_once_from_this_machine_before_any_host_switches_and_every_host_reads_the_same_database()
    {
        var script = Path.Combine(RepositoryCopy.Path, "build.sh");
        var package = ProcessRun.Start(script, ["--target=Package", "--exclusive", App, "--app-version=fleet-db-1", "--artifacts=artifacts/fleetdb"], RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
        Assert.That(package.ExitCode, Is.Zero, package.All);
        using var postgres = ThrowawayPostgres.Start();
        var connection = postgres.CreateDatabase("notes");
        using var fleet = LoopbackFleet.Start(2, 46);
        using var state = new TemporaryFolder("deploy-fleet-db-");
        var port = FreePort.Next();

        var deploy = ProcessRun.Start(script,
        [
            "--target=Deploy", "--prebuilt", App, "--artifacts=artifacts/fleetdb", "--environment=staging", $"--public-port={port}",
            $"--state-directory={state.Path}", $"--hosts={fleet.HostsSetting}", $"--ssh-key={fleet.ClientKey}", $"--known-hosts={fleet.KnownHosts}",
            "--database=postgres", $"--database-connection={connection}", "--db-context=NotesContext",
            "--app-settings=ConnectionStrings__Notes={database};Notes__Provider=postgres", "--verify-time=1",
        ], RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));

        Assert.That(deploy.ExitCode, Is.Zero, deploy.All);
        Assert.That(Occurrences(deploy.Out, "Migrate: applied 20250101000000_CreateNotes"), Is.EqualTo(1), deploy.All);
        Assert.That(postgres.Scalar<long>("notes", "SELECT count(*) FROM \"__EFMigrationsHistory\""), Is.EqualTo(1L));
        foreach (var host in fleet.Hosts)
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{host.Address}:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            Assert.That(await http.GetStringAsync("migrations"), Does.Contain("20250101000000_CreateNotes"), $"{host.Target} reads the environment's database");
        }

        var steps = File.ReadAllLines(Path.Combine(state.Path, "audit", "staging.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(r => (Step: r.GetProperty("step").GetString()!, Outcome: r.GetProperty("outcome").GetString()!, Host: r.TryGetProperty("host", out var h) ? h.GetString() : null))
            .ToList();
        var migrated = steps.FindIndex(s => s.Step == "Migrate" && s.Outcome == "succeeded");
        var firstSwitch = steps.FindIndex(s => s.Step.EndsWith("/switch", StringComparison.Ordinal));
        Assert.That(migrated, Is.GreaterThanOrEqualTo(0).And.LessThan(firstSwitch), "the database step ends before the first host switches");
        Assert.That(steps.Where(s => s.Step.EndsWith("/switch", StringComparison.Ordinal)).Select(s => s.Host).Distinct(), Is.EquivalentTo(fleet.Hosts.Select(h => h.Target)));
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
