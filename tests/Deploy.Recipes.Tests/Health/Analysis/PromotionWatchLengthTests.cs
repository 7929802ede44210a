using Deploy.Recipes.Releases;
using Deploy.Recipes.Strategies;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health.Analysis;

/// <summary>How long a release is watched after it took all traffic.</summary>
public sealed class PromotionWatchLengthTests
{
    [Test]
    public void The_watch_lasts_watch_time() =>
        Assert.That(PromotionWatch.LengthFor(new DeploySettings { WatchTime = TimeSpan.FromSeconds(45) }), Is.EqualTo(TimeSpan.FromSeconds(45)));

    [Test]
    public void The_watch_never_outlasts_the_bake_time_because_the_previous_release_must_still_be_warm() =>
        Assert.That(PromotionWatch.LengthFor(new DeploySettings { WatchTime = TimeSpan.FromMinutes(2), BakeTime = TimeSpan.FromSeconds(30) }), Is.EqualTo(TimeSpan.FromSeconds(30)));

    [Test]
    public void Watch_time_zero_means_no_watch() =>
        Assert.That(PromotionWatch.LengthFor(new DeploySettings { WatchTime = TimeSpan.Zero }), Is.EqualTo(TimeSpan.Zero));
}
