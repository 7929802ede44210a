using System.Runtime.Versioning;
using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>
/// A canary on one of two real sshd hosts (127.0.0.50, 127.0.0.51; <c>canary-hosts=1</c>): only the first host splits
/// traffic; promotion starts, proves and switches the release on the other, so both end at 100%.
/// </summary>
[TestFixture]
[NonParallelizable]
[SupportedOSPlatform("linux")]
public sealed class CanaryFleetTests
{
    [Test]
    public async Task A_canary_on_one_host_of_two_splits_that_host_only_and_promotion_takes_both_to_100_percent()
    {
        PackagedReleases.Ensure();
        using var fleet = LoopbackFleet.Start(2, 50);
        using var state = new TemporaryFolder("deploy-canary-fleet-");
        var port = FreePort.Next();
        string[] common =
        [
            "--environment=staging", $"--public-port={port}", $"--state-directory={state.Path}",
            $"--hosts={fleet.HostsSetting}", $"--ssh-key={fleet.ClientKey}", $"--known-hosts={fleet.KnownHosts}",
            "--database=", "--app-settings=ConnectionStrings__Shop=Data Source={data}/shop.db", "--verify-time=1",
        ];
        var v1 = Build(["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V1), .. common]);
        Assert.That(v1.ExitCode, Is.Zero, v1.All);

        // No customers: the step is inconclusive and pauses (on-inconclusive=pause), which is what this test needs.
        var canary = Build(["--target=Deploy", "--prebuilt", PackagedReleases.Artifacts(PackagedReleases.V2), "--strategy=canary", "--canary-hosts=1",
            "--canary-steps=50%:manual", "--analysis-interval=1", "--max-step-extension=1s", .. common]);
        Assert.That(canary.ExitCode, Is.Zero, canary.All);
        Assert.That(canary.Out, Does.Contain("paused at 50% (step 1)"));

        var status = Build(["--target=Status", "--format=json", "--verbosity=quiet", .. common]);
        Assert.That(status.ExitCode, Is.Zero, status.All);
        using (var json = JsonDocument.Parse(status.Out))
        {
            var hosts = json.RootElement.GetProperty("hosts").EnumerateArray().ToList();
            Assert.That(Weighted(hosts[0]), Is.EquivalentTo(new[] { (PackagedReleases.V1, 50), (PackagedReleases.V2, 50) }), "the canary host splits");
            Assert.That(Weighted(hosts[1]), Is.EqualTo(new[] { (PackagedReleases.V1, 100) }), "the other host stays on stable");
            Assert.That(json.RootElement.GetProperty("canary").GetProperty("canary").GetProperty("hosts").GetArrayLength(), Is.EqualTo(1));
        }

        var promote = Build(["--target=Promote", "--full", .. common]);
        Assert.That(promote.ExitCode, Is.Zero, promote.All);
        foreach (var host in fleet.Hosts)
            Assert.That(await VersionAsync($"http://{host.Address}:{port}/"), Is.EqualTo(PackagedReleases.V2), host.Target);

        Build(["--target=Down", .. common]);
    }

    private static List<(string?, int)> Weighted(JsonElement host) =>
        host.GetProperty("slots").EnumerateArray().Where(s => s.GetProperty("weight").GetInt32() > 0)
            .Select(s => (s.GetProperty("version").GetString(), s.GetProperty("weight").GetInt32())).ToList();

    private static ProcessRun Build(string[] args) =>
        ProcessRun.Start(Path.Combine(RepositoryCopy.Path, "build.sh"), args, RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));

    private static async Task<string> VersionAsync(string url)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        using var body = JsonDocument.Parse(await http.GetStringAsync("version"));
        return body.RootElement.GetProperty("version").GetString()!;
    }
}
