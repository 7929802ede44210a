using Deploy.Recipes.Targets.Ssh;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>The commands the recipe runs on hosts, as built (the systemd branch cannot run on this machine, which has no systemd).</summary>
[TestFixture]
public sealed class HostCommandsTests
{
    private static readonly HostPaths Paths = new("/home/deploy", "production");

    [Test]
    public void The_edge_starts_in_a_systemd_unit_of_its_own_where_the_host_runs_systemd_else_detached_in_a_new_session()
    {
        var script = HostCommands.StartEdge("/usr/share/dotnet/dotnet", "/home/deploy/.deploy/edge-bin/ab/Deploy.Recipes.Edge.dll", Paths, 8080, "10.0.0.5", "deploy-edge-production-1");

        Assert.That(script, Does.Contain("[ -d /run/systemd/system ]"));
        Assert.That(script, Does.Contain("systemd-run $scope --unit='deploy-edge-production-1' --collect"));
        Assert.That(script, Does.Contain("StandardOutput=append:'/home/deploy/.deploy/production/edge/edge.log'"));
        Assert.That(script, Does.Contain("setsid nohup '/usr/share/dotnet/dotnet'"));
        Assert.That(script, Does.Contain("</dev/null &"));
        Assert.That(script, Does.Contain("'--public-address=10.0.0.5'").And.Contain("'--public-port=8080'").And.Contain("'--state=/home/deploy/.deploy/production/edge'"));
    }

    [TestCase("plain", "'plain'")]
    [TestCase("it's", "'it'\\''s'")]
    [TestCase("$(rm -rf /)", "'$(rm -rf /)'")]
    public void Values_reach_the_host_shell_as_one_literal_word(string value, string quoted)
    {
        Assert.That(ShellQuote.Word(value), Is.EqualTo(quoted));
    }

    [Test]
    public void State_on_a_host_lives_under_the_login_users_home()
    {
        Assert.That(Paths.Release("1.0-abcd1234"), Is.EqualTo("/home/deploy/.deploy/releases/1.0-abcd1234"));
        Assert.That(Paths.Lock, Is.EqualTo("/home/deploy/.deploy/host.lock"));
        Assert.That(Paths.History, Is.EqualTo("/home/deploy/.deploy/production/releases.json"));
        Assert.That(Paths.Data, Is.EqualTo("/home/deploy/.deploy/production/data"));
    }
}
