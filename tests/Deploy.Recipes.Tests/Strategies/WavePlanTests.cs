using Deploy.Recipes.Hosting;
using Deploy.Recipes.Strategies;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Strategies;

/// <summary>How a rolling release splits a fleet into waves (<see cref="WavePlan"/>).</summary>
public sealed class WavePlanTests
{
    private static readonly string[] Five = ["a", "b", "c", "d", "e"];

    [Test]
    public void A_number_makes_waves_of_that_many_hosts_in_the_fleets_order_the_last_one_smaller()
    {
        var waves = WavePlan.Split(Five, "2");

        Assert.That(waves.Select(w => string.Join("", w)), Is.EqualTo(new[] { "ab", "cd", "e" }));
    }

    [Test]
    public void The_default_of_one_releases_host_by_host()
    {
        Assert.That(WavePlan.Split(Five, "1").Select(w => w.Count), Is.EqualTo(new[] { 1, 1, 1, 1, 1 }));
    }

    [Test]
    public void A_percentage_is_a_share_of_the_fleet_rounded_down()
    {
        Assert.That(WavePlan.HostsPerWave("25%", 40), Is.EqualTo(10));
        Assert.That(WavePlan.HostsPerWave("33%", 10), Is.EqualTo(3));
        Assert.That(WavePlan.HostsPerWave("100%", 7), Is.EqualTo(7));
    }

    [Test]
    public void Every_wave_has_at_least_one_host()
    {
        Assert.That(WavePlan.HostsPerWave("10%", 3), Is.EqualTo(1));
        Assert.That(WavePlan.Split(["local"], "50%").Single(), Is.EqualTo(new[] { "local" }));
    }

    [Test]
    public void A_number_larger_than_the_fleet_is_one_wave_of_every_host()
    {
        Assert.That(WavePlan.Split(Five, "12").Single(), Is.EqualTo(Five));
    }

    [TestCase("0")]
    [TestCase("-2")]
    [TestCase("two")]
    [TestCase("0%")]
    [TestCase("150%")]
    [TestCase("2.5")]
    [TestCase("%")]
    [TestCase("")]
    public void A_bad_batch_size_is_refused_naming_the_value_and_the_valid_forms(string batchSize)
    {
        var refused = Assert.Throws<RecipeUsageException>(() => WavePlan.Check(batchSize))!;

        Assert.That(refused.Message, Does.Contain($"'batch-size' is '{batchSize}'").And.Contain("(5)").And.Contain("(25%)"));
    }
}
