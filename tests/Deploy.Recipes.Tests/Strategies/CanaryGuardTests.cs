using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Strategies;

/// <summary>Deploy and Rollback are refused while a canary runs (<see cref="CanaryGuard"/>), and the progress survives the history file.</summary>
public sealed class CanaryGuardTests
{
    [Test]
    public void A_paused_canary_refuses_deploy_naming_promote_and_abort_and_its_progress_is_read_back_from_the_history()
    {
        using var folder = new TemporaryFolder();
        var file = Path.Combine(folder.Path, "releases.json");
        var history = ReleaseHistory.Load(file);
        history.Add(new ReleaseRecord("1.0.0-a", "1.0.0", "blue", DateTimeOffset.UtcNow, ReleaseOutcome.Live, null, "ci"));
        var progress = CanaryProgress.Started("25%:manual", [new CanaryHost("local", "blue", "green")]).Stepping(0, 25, DateTimeOffset.UtcNow).Paused();
        history.Add(new ReleaseRecord("2.0.0-b", "2.0.0", "green", DateTimeOffset.UtcNow, ReleaseOutcome.Canary, null, "ci", Canary: progress));

        var reread = ReleaseHistory.Load(file);
        var refused = Assert.Throws<RecipeUsageException>(() => CanaryGuard.RefuseWhileRunning(reread, "Deploy"))!;

        Assert.That(reread.CanaryInProgress?.Canary, Is.EqualTo(progress).Using<CanaryProgress>((a, b) => a.Describe() == b.Describe() && a.Hosts.SequenceEqual(b.Hosts)));
        Assert.That(refused.Message, Does.Contain("Deploy refused: release 2.0.0 is a canary in progress (paused at 25%)").And.Contain("--target=Promote").And.Contain("--target=Abort"));
        Assert.That(reread.Live?.Id, Is.EqualTo("1.0.0-a"), "the stable release stays live while the canary runs");
    }

    [Test]
    public void An_aborted_canary_refuses_nothing()
    {
        using var folder = new TemporaryFolder();
        var history = ReleaseHistory.Load(Path.Combine(folder.Path, "releases.json"));
        var aborted = CanaryProgress.Started("25%", [new CanaryHost("local", "blue", "green")]).Stepping(0, 25, DateTimeOffset.UtcNow).Aborting().At(0).Aborted();
        history.Add(new ReleaseRecord("2.0.0-b", "2.0.0", "green", DateTimeOffset.UtcNow, ReleaseOutcome.Aborted, "aborted by ci", "ci", Canary: aborted));

        Assert.DoesNotThrow(() => CanaryGuard.RefuseWhileRunning(history, "Rollback"));
    }
}
