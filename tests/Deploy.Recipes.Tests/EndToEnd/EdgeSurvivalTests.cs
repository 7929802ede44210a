using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// The edge and the live release outlive what kills processes on a server: a crash of the edge itself, and the CI
/// runner's clean-up at the end of the deploy job. Each test deploys release 1.0.0 to its own environment.
/// </summary>
public sealed class EdgeSurvivalTests
{
    [OneTimeSetUp]
    public void PackageReleases() => PackagedReleases.Ensure();

    [Test]
    public async Task Status_restarts_a_killed_edge_which_serves_the_same_release_processes_and_says_how_long_it_was_down()
    {
        using var staging = new TestEnvironment("staging");
        var deploy = staging.Build("--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=1");
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
        var edge = staging.EdgePid()!.Value;
        var slots = staging.SlotPids();

        Process.GetProcessById(edge).Kill(); // SIGKILL the edge alone, as the OOM killer would
        Assert.That(await WaitUntilGoneAsync(edge), Is.True);
        Assert.ThrowsAsync<HttpRequestException>(() => staging.Http.GetAsync("version"), "with its edge dead, the shop is down");
        var status = staging.Build("--target=Status");

        Assert.That(status.ExitCode, Is.EqualTo(0), status.All);
        Assert.That(await staging.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
        Assert.That(staging.SlotPids(), Is.EqualTo(slots), "the release processes were adopted, not restarted");
        Assert.That(staging.SlotPids().All(TestEnvironment.IsRunning), Is.True);
        Assert.That(staging.EdgePid(), Is.Not.EqualTo(edge));
        Assert.That(status.Out, Does.Contain($"it died (PID {edge}").And.Contain("The edge was restarted after"));
        Assert.That(status.Out, Does.Match($@"Edge crash +the previous edge \(PID {edge}\) died; last seen alive .*down about \d+\.\d s; adopted blue pid {slots[0]}"));
    }

    [Test]
    public async Task A_deploy_job_survives_the_runners_cleanup_of_every_process_carrying_its_tracking_id()
    {
        using var production = new TestEnvironment("production");
        var trackingId = $"github_{Guid.NewGuid():N}";
        var deploy = ProcessRun.Start(Path.Combine(RepositoryCopy.Path, "build.sh"),
            ["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), "--verify-time=1", $"--environment={production.Name}", $"--public-port={production.Port}"],
            RepositoryCopy.Path, new Dictionary<string, string> { ["RUNNER_TRACKING_ID"] = trackingId }, TimeSpan.FromMinutes(6));
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
        var edge = production.EdgePid()!.Value;

        // What actions/runner does when the job ends: SIGKILL every process whose environment carries the job's id.
        // Only processes this test started can carry this test's fresh id.
        var killed = KillEveryProcessCarrying($"RUNNER_TRACKING_ID={trackingId}");

        Assert.That(killed, Does.Not.Contain(edge).And.No.AnyOf(production.SlotPids().Cast<object>().ToArray()), "the clean-up found the edge or the release");
        Assert.That(TestEnvironment.IsRunning(edge), Is.True);
        Assert.That(await production.VersionAsync(), Is.EqualTo(PackagedReleases.V1));
    }

    private static List<int> KillEveryProcessCarrying(string variable)
    {
        var marker = Encoding.UTF8.GetBytes(variable + "\0");
        var killed = new List<int>();
        foreach (var folder in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var environment = File.ReadAllBytes(Path.Combine(folder, "environ"));
                if (environment.AsSpan().IndexOf(marker) < 0)
                    continue;
                using var process = Process.GetProcessById(pid);
                process.Kill();
                killed.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile, or not readable: not one of this test's processes.
            }
        }

        return killed;
    }

    private static async Task<bool> WaitUntilGoneAsync(int pid)
    {
        for (var i = 0; i < 200 && TestEnvironment.IsRunning(pid); i++)
            await Task.Delay(50);
        return !TestEnvironment.IsRunning(pid);
    }
}
