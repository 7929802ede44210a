using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>What the edge accepts as a backend (<see cref="SlotBackendCheck"/>), and how a log command gets its number of lines.</summary>
public sealed class SlotBackendCheckTests
{
    private static readonly SlotBackend Valid = new(40000, "shop-production-blue-1.0.0", ["docker", "stop", "x"], ["docker", "logs", "--tail", "{lines}", "x"],
        new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///run/test.sock" });

    [Test]
    public void A_complete_backend_has_no_problem()
    {
        Assert.That(SlotBackendCheck.Problem(Valid), Is.Null);
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(65536)]
    public void A_port_outside_1_to_65535_is_named(int port)
    {
        Assert.That(SlotBackendCheck.Problem(Valid with { Port = port }), Does.StartWith($"backend.port {port}").And.Contain("1-65535"));
    }

    [Test]
    public void An_empty_name_is_named()
    {
        Assert.That(SlotBackendCheck.Problem(Valid with { Name = "" }), Does.StartWith("backend.name is missing"));
    }

    [Test]
    public void A_missing_or_empty_stop_command_is_named()
    {
        Assert.That(SlotBackendCheck.Problem(Valid with { StopCommand = [] }), Does.StartWith("backend.stopCommand is missing"));
        Assert.That(SlotBackendCheck.Problem(Valid with { StopCommand = null! }), Does.StartWith("backend.stopCommand is missing"));
        Assert.That(SlotBackendCheck.Problem(Valid with { StopCommand = [" ", "x"] }), Does.StartWith("backend.stopCommand has an empty program name"));
    }

    [Test]
    public void A_missing_log_command_is_named()
    {
        Assert.That(SlotBackendCheck.Problem(Valid with { LogCommand = [] }), Does.StartWith("backend.logCommand is missing"));
    }

    [Test]
    public void A_command_environment_name_with_an_equals_sign_is_named()
    {
        var backend = Valid with { CommandEnvironment = new Dictionary<string, string> { ["A=B"] = "c" } };

        Assert.That(SlotBackendCheck.Problem(backend), Does.StartWith("backend.commandEnvironment").And.Contain("'A=B'"));
    }

    [Test]
    public void Every_lines_placeholder_argument_becomes_the_number_and_nothing_else_changes()
    {
        var backend = Valid with { LogCommand = ["sh", "-c", "tail -n {lines} log", "{lines}", "x{lines}", "{lines}"] };

        Assert.That(SlotBackendCheck.LogCommandFor(backend, 42), Is.EqualTo(new[] { "sh", "-c", "tail -n {lines} log", "42", "x{lines}", "42" }));
    }
}
