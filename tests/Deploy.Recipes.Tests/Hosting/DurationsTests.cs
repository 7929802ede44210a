using Deploy.Recipes.Hosting;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Hosting;

public sealed class DurationsTests
{
    [TestCase("30", 30_000)]
    [TestCase("2.5s", 2_500)]
    [TestCase("500ms", 500)]
    [TestCase("2m", 120_000)]
    [TestCase("1h", 3_600_000)]
    [TestCase("00:01:30", 90_000)]
    [TestCase(" 20s ", 20_000)]
    public void A_duration_reads_in_every_unit_settings_accept(string text, double milliseconds)
    {
        Assert.That(Durations.TryParse(text, out var span), Is.True);
        Assert.That(span.TotalMilliseconds, Is.EqualTo(milliseconds));
    }

    [TestCase("")]
    [TestCase("-5")]
    [TestCase("5x")]
    [TestCase("manual")]
    [TestCase("m")]
    public void Anything_else_is_not_a_duration(string text) => Assert.That(Durations.TryParse(text, out _), Is.False);

    [TestCase(500, "500 ms")]
    [TestCase(20_000, "20 s")]
    [TestCase(90_000, "90 s")]
    [TestCase(120_000, "2 min")]
    [TestCase(5_400_000, "90 min")]
    [TestCase(7_200_000, "2 h")]
    public void A_duration_is_described_the_way_people_read_it(double milliseconds, string described) =>
        Assert.That(Durations.Describe(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(described));
}
