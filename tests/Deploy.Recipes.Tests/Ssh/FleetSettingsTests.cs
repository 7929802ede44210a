using Deploy.Recipes.Tests.Edge;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>Settings of an environment with hosts that are refused before any task runs, and the edge's public address.</summary>
[TestFixture]
public sealed class FleetSettingsTests
{
    [Test]
    public void Sqlite_on_a_fleet_is_refused_before_anything_runs_naming_the_setting_and_postgres()
    {
        using var repository = new TemporaryFolder("deploy-fleet-settings-");

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=Status", "--hosts=deploy@127.0.0.250;deploy@127.0.0.251", "--database=sqlite");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(console.All, Does.Contain("Setting 'database' is 'sqlite'").And.Contain("deploy@127.0.0.250:22").And.Contain("database=postgres"));
        Assert.That(Directory.Exists(Path.Combine(repository.Path, ".deploy")), Is.False);
    }

    [Test]
    public void A_bad_host_is_refused_before_anything_runs()
    {
        using var repository = new TemporaryFolder("deploy-fleet-settings-");

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=Status", "--hosts=deploy@127.0.0.250;127.0.0.251");

        Assert.That(exit, Is.Not.Zero);
        Assert.That(console.All, Does.Contain("Host '127.0.0.251' is not valid: it names no user"));
    }

    [TestCase("--edge-bind=everywhere", "Setting 'edge-bind' is 'everywhere'")]
    [TestCase("--parallel=0", "Setting 'parallel' is 0")]
    public void A_bad_fleet_setting_is_refused_naming_it(string argument, string message)
    {
        using var repository = new TemporaryFolder("deploy-fleet-settings-");

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=Status", "--hosts=deploy@127.0.0.250", argument);

        Assert.That(exit, Is.Not.Zero);
        Assert.That(console.All, Does.Contain(message));
    }

    [Test]
    public void The_edge_refuses_a_public_address_that_is_not_an_ip_address()
    {
        using var state = new TemporaryFolder("deploy-edge-test-");
        EdgeUnderTest.WriteToken(state.Path);

        var run = ProcessRun.Start(EdgeUnderTest.DotnetHost,
            [EdgeUnderTest.EdgeProgram, $"--state={state.Path}", "--environment=test", $"--public-port={EdgeUnderTest.FreePort()}", "--public-address=web1.example.com"],
            state.Path, timeout: TimeSpan.FromSeconds(30));

        Assert.That(run.ExitCode, Is.EqualTo(2), run.All);
        Assert.That(run.Error, Does.Contain("--public-address=web1.example.com is not an IP address"));
    }
}
