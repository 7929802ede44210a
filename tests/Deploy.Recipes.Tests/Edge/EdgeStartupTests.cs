using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>How the edge starts, or refuses to: exit codes, one-line reasons on stderr, and edge.json.</summary>
[TestFixture]
public sealed class EdgeStartupTests
{
    [Test]
    public async Task A_started_edge_announces_itself_in_edge_json()
    {
        await using var edge = await EdgeUnderTest.StartAsync();

        Assert.That(edge.Endpoint.Pid, Is.EqualTo(edge.Process.Id));
        Assert.That(edge.Endpoint.Environment, Is.EqualTo("test"));
        Assert.That(edge.Endpoint.PublicPort, Is.EqualTo(edge.PublicPort));
        Assert.That(edge.Endpoint.AdminPort, Is.Not.EqualTo(edge.PublicPort).And.GreaterThan(0));
        Assert.That(edge.Endpoint.Version, Is.Not.Empty);
        Assert.That(edge.Endpoint.StartedUtc, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(Directory.GetFiles(edge.StateDirectory, "*.tmp"), Is.Empty, "edge.json is written through a temp file");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(edge.EndpointFile));
        Assert.That(json.RootElement.TryGetProperty("adminPort", out _), Is.True, "camelCase");
    }

    [Test]
    public void A_public_port_in_use_makes_the_edge_exit_3_naming_the_port_without_edge_json()
    {
        using var state = new TemporaryFolder("deploy-edge-test-");
        EdgeUnderTest.WriteToken(state.Path);
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var run = RunEdge(state.Path, $"--public-port={port}");

            Assert.That(run.ExitCode, Is.EqualTo(3), run.All);
            Assert.That(run.Error, Does.Contain($"public port {port} is in use"));
            Assert.That(File.Exists(state.Combine(EdgeFiles.Endpoint)), Is.False);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Test]
    public void A_missing_token_makes_the_edge_exit_2_with_a_one_line_reason()
    {
        using var state = new TemporaryFolder("deploy-edge-test-");

        var run = RunEdge(state.Path, $"--public-port={EdgeUnderTest.FreePort()}");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.All);
        Assert.That(run.Error.Trim(), Does.Contain(EdgeFiles.Token).And.Not.Contain("\n"));
        Assert.That(File.Exists(state.Combine(EdgeFiles.Endpoint)), Is.False);
    }

    [TestCase("--public-port=eighty", "eighty")]
    [TestCase("--public-port=70000", "70000")]
    [TestCase("--colour=blue", "--colour=blue")]
    public void A_bad_argument_makes_the_edge_exit_2_naming_it(string argument, string named)
    {
        using var state = new TemporaryFolder("deploy-edge-test-");
        EdgeUnderTest.WriteToken(state.Path);

        var run = argument.StartsWith("--public-port", StringComparison.Ordinal)
            ? RunEdge(state.Path, argument)
            : RunEdge(state.Path, $"--public-port={EdgeUnderTest.FreePort()}", argument);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.All);
        Assert.That(run.Error, Does.Contain(named));
    }

    private static ProcessRun RunEdge(string stateDirectory, params string[] arguments) =>
        ProcessRun.Start(EdgeUnderTest.DotnetHost, [EdgeUnderTest.EdgeProgram, $"--state={stateDirectory}", "--environment=test", .. arguments],
            stateDirectory, timeout: TimeSpan.FromSeconds(30));
}
