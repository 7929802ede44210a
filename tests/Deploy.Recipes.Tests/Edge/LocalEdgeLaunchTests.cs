using System.Text;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// How the recipe starts an environment's edge (<see cref="LocalEdge"/>), from a process that carries a CI job's
/// variables as a deploy job does: one real edge, started once.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalEdgeLaunchTests
{
    private static readonly Dictionary<string, string> JobVariables = new()
    {
        ["RUNNER_TRACKING_ID"] = "github_local-edge-launch-test",
        ["CI_JOB_ID"] = "4242",
        ["CI_JOB_TOKEN"] = "glcbt-local-edge-launch-test",
        ["CI_BUILDS_DIR"] = "/builds",
    };

    private readonly List<string> _reports = [];
    private TemporaryFolder _state = null!;
    private LocalEdge _edge = null!;
    private EdgeEndpoint _endpoint = null!;

    [OneTimeSetUp]
    public void StartTheEdgeFromACiJob()
    {
        _state = new TemporaryFolder("deploy-local-edge-");
        _edge = new LocalEdge(new DeployPaths(_state.Path, "launch-test"), EdgeUnderTest.FreePort(), _reports.Add);
        foreach (var (name, value) in JobVariables)
            Environment.SetEnvironmentVariable(name, value);
        try
        {
            using var client = _edge.Ensure();
            _endpoint = client.Endpoint;
        }
        finally
        {
            foreach (var name in JobVariables.Keys)
                Environment.SetEnvironmentVariable(name, null);
        }
    }

    [OneTimeTearDown]
    public async Task StopTheEdge()
    {
        if (_edge != null)
            await _edge.StopAsync(TimeSpan.FromSeconds(30));
        _state?.Dispose();
    }

    [Test]
    public async Task Stopping_the_edge_of_an_environment_never_deployed_says_none_ran()
    {
        using var state = new TemporaryFolder("deploy-never-deployed-");
        var never = new LocalEdge(new DeployPaths(state.Path, "never-deployed"), EdgeUnderTest.FreePort(), _reports.Add);

        Assert.That(await never.StopAsync(TimeSpan.FromSeconds(5)), Is.False);
    }

    [Test]
    public void The_token_file_is_readable_and_writable_by_its_owner_only()
    {
        var mode = File.GetUnixFileMode(Path.Combine(_state.Path, "launch-test", "edge", EdgeFiles.Token));

        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), $"mode {Convert.ToString((int)mode, 8)}");
    }

    [Test]
    public void The_edge_starts_without_the_ci_jobs_variables()
    {
        var environment = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{_endpoint.Pid}/environ")).Split('\0');

        Assert.That(environment.Select(entry => entry.Split('=')[0]), Is.Not.Empty.And.No.AnyOf(JobVariables.Keys.Cast<object>().ToArray()));
    }

    [Test]
    public void The_report_says_how_the_edge_was_started()
    {
        Assert.That(_reports, Has.Some.Contains($"(PID {_endpoint.Pid}, ").And.Some.Match("detached: |systemd scope deploy-edge-launch-test-"));
    }

    [Test]
    public void Without_systemd_the_edge_command_is_the_program_itself()
    {
        var launch = OutsideJobLaunch.Detached("systemd is not running on this machine");

        Assert.That(launch.Command(["dotnet", "edge.dll", "--state=/s"]), Is.EqualTo(new[] { "dotnet", "edge.dll", "--state=/s" }));
    }

    [Test]
    public void With_systemd_the_edge_runs_in_a_transient_scope_of_its_own_unloaded_when_it_ends()
    {
        var system = new OutsideJobLaunch("deploy-edge-production-0a1b2c3d-1700000000", false, "systemd");
        var user = system with { UserManager = true };

        Assert.That(system.Command(["dotnet", "edge.dll"]), Is.EqualTo(new[]
        {
            "systemd-run", "--scope", "--quiet", "--collect", "--unit=deploy-edge-production-0a1b2c3d-1700000000", "--", "dotnet", "edge.dll",
        }));
        Assert.That(user.Command(["dotnet", "edge.dll"]).Take(2), Is.EqualTo(new[] { "systemd-run", "--user" }));
    }

    [Test]
    public void Unit_names_differ_for_two_state_folders_of_one_environment()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        var first = OutsideJobLaunch.UnitName("production", "/srv/a/production/edge", now);
        var second = OutsideJobLaunch.UnitName("production", "/srv/b/production/edge", now);

        Assert.That(first, Does.Match("^deploy-edge-production-[0-9a-f]{8}-1700000000$"));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void The_ci_job_variables_removed_are_the_runners_tracking_id_and_gitlabs_job_variables()
    {
        var environment = new Dictionary<string, string?>
        {
            ["RUNNER_TRACKING_ID"] = "github_1", ["CI"] = "true", ["CI_JOB_ID"] = "1", ["CI_JOB_TOKEN"] = "t", ["CI_BUILDS_DIR"] = "/b",
            ["GITLAB_CI"] = "true", ["GITLAB_USER_LOGIN"] = "me", ["PATH"] = "/usr/bin", ["DEPLOY_ENVIRONMENT"] = "production", ["HOME"] = "/root",
        };

        CiJobVariables.RemoveFrom(environment);

        Assert.That(environment.Keys, Is.EquivalentTo(new[] { "PATH", "DEPLOY_ENVIRONMENT", "HOME" }));
    }
}
