using Deploy.Recipes.Flags;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Flags;

public sealed class FlagStateTests
{
    private static FlagState On(int percent, params string[] users) => new("Recommendations", true, percent, users);

    private static readonly FlagState Off = FlagState.Absent("Recommendations");

    [Test]
    public void A_larger_share_widens() => Assert.That(FlagState.Widens(On(10), On(50)), Is.True);

    [Test]
    public void A_new_named_user_widens() => Assert.That(FlagState.Widens(On(10, "alice"), On(10, "alice", "bob")), Is.True);

    [Test]
    public void Turning_on_from_off_widens() => Assert.That(FlagState.Widens(Off, On(10)), Is.True);

    [Test]
    public void A_smaller_share_does_not_widen() => Assert.That(FlagState.Widens(On(50), On(10)), Is.False);

    [Test]
    public void The_kill_switch_never_widens() => Assert.That(FlagState.Widens(On(10), On(10) with { Enabled = false }), Is.False);

    [Test]
    public void Removing_a_user_does_not_widen() => Assert.That(FlagState.Widens(On(10, "alice", "bob"), On(10, "alice")), Is.False);

    [Test]
    public void Two_killed_flags_are_the_same_whatever_audience_they_keep() =>
        Assert.That((On(10) with { Enabled = false }).SameAs(Off), Is.True);

    [TestCase(0, new string[0], false, "off")]
    [TestCase(10, new string[0], true, "on for 10% of users")]
    [TestCase(100, new string[0], true, "on for everyone")]
    [TestCase(100, new[] { "alice" }, true, "on for everyone")]
    [TestCase(0, new[] { "alice", "bob" }, true, "on for alice, bob")]
    [TestCase(5, new[] { "alice" }, true, "on for 5% of users and alice")]
    public void Describes_who_gets_the_feature(int percent, string[] users, bool enabled, string expected) =>
        Assert.That(new FlagState("F", enabled, percent, users).Describe(), Is.EqualTo(expected));
}
