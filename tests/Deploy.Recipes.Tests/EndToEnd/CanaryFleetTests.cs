using System.Runtime.Versioning;
using System.Text.Json;
using Deploy.Recipes.Tests.Fleet;
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
        using var staging = new FleetEnvironment(fleet, "staging");
        var v1 = staging.Deploy(PackagedReleases.V1, "--verify-time=1");
        Assert.That(v1.ExitCode, Is.Zero, v1.All);

        // No customers: the step is inconclusive and pauses (on-inconclusive=pause), which is what this test needs.
        var canary = staging.Deploy(PackagedReleases.V2, "--verify-time=1", "--strategy=canary", "--canary-hosts=1",
            "--canary-steps=50%:manual", "--analysis-interval=1", "--max-step-extension=1s");
        Assert.That(canary.ExitCode, Is.Zero, canary.All);
        Assert.That(canary.Out, Does.Contain("paused at 50% (step 1)"));

        var status = staging.Build("--target=Status", "--format=json", "--verbosity=quiet");
        Assert.That(status.ExitCode, Is.Zero, status.All);
        using (var json = JsonDocument.Parse(status.Out))
        {
            var hosts = json.RootElement.GetProperty("hosts").EnumerateArray().ToList();
            Assert.That(Weighted(hosts[0]), Is.EquivalentTo(new[] { (PackagedReleases.V1, 50), (PackagedReleases.V2, 50) }), "the canary host splits");
            Assert.That(Weighted(hosts[1]), Is.EqualTo(new[] { (PackagedReleases.V1, 100) }), "the other host stays on stable");
            Assert.That(json.RootElement.GetProperty("canary").GetProperty("canary").GetProperty("hosts").GetArrayLength(), Is.EqualTo(1));
        }

        // The post-promotion watch is not what this test shows (PromotionWatchEndToEndTests does).
        var promote = staging.Build("--target=Promote", "--full", "--watch-time=0");
        Assert.That(promote.ExitCode, Is.Zero, promote.All);
        Assert.That(await staging.VersionsAsync(), Is.EqualTo(new[] { PackagedReleases.V2, PackagedReleases.V2 }));
    }

    private static List<(string?, int)> Weighted(JsonElement host) =>
        host.GetProperty("slots").EnumerateArray().Where(s => s.GetProperty("weight").GetInt32() > 0)
            .Select(s => (s.GetProperty("version").GetString(), s.GetProperty("weight").GetInt32())).ToList();
}
