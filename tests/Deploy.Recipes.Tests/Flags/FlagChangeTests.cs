using Deploy.Recipes.Flags;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Flags;

public sealed class FlagChangeTests
{
    private static FlagChange From(string flag = "Recommendations", int percent = -1, string[]? users = null, bool off = false) =>
        FlagChange.From(new DeploySettings { Flag = flag, Percent = percent, Users = [.. users ?? []], Off = off });

    private static string Refusal(string flag = "Recommendations", int percent = -1, string[]? users = null, bool off = false) =>
        Assert.Throws<RecipeUsageException>(() => From(flag, percent, users, off))!.Message;

    [Test]
    public void A_percentage_is_read_with_the_flag_name()
    {
        Assert.That(From(percent: 10), Is.EqualTo(new FlagChange("Recommendations", 10, null, false)));
    }

    [Test]
    public void Users_and_a_percentage_may_be_given_together()
    {
        var change = From(percent: 5, users: ["alice", " bob ", "alice"]);

        Assert.That(change.Percent, Is.EqualTo(5));
        Assert.That(change.Users, Is.EqualTo(new[] { "alice", "bob" }));
    }

    [Test]
    public void Off_alone_is_the_kill_switch()
    {
        Assert.That(From(off: true), Is.EqualTo(new FlagChange("Recommendations", null, null, true)));
    }

    [Test]
    public void An_empty_flag_name_is_refused_saying_how_to_name_one()
    {
        Assert.That(Refusal(flag: " ", percent: 10), Does.Contain("'flag' is empty").And.Contain("--flag=Recommendations"));
    }

    [Test]
    public void A_flag_name_with_a_configuration_separator_is_refused_saying_what_is_valid()
    {
        Assert.That(Refusal(flag: "Shop:Recommendations", percent: 10), Does.Contain("'Shop:Recommendations'").And.Contain(FlagChange.NameRule));
    }

    [TestCase(101)]
    [TestCase(-5)]
    public void A_percentage_outside_0_to_100_is_refused_naming_it(int percent)
    {
        Assert.That(Refusal(percent: percent), Does.Contain($"'percent' is {percent}").And.Contain("from 0 to 100"));
    }

    [Test]
    public void Off_with_a_percentage_is_refused_as_an_unknown_combination()
    {
        Assert.That(Refusal(percent: 10, off: true), Does.Contain("--off").And.Contain("--percent=10").And.Contain("give --off alone"));
    }

    [Test]
    public void Off_with_users_is_refused_naming_them()
    {
        Assert.That(Refusal(users: ["alice"], off: true), Does.Contain("--users=alice"));
    }

    [Test]
    public void A_flag_with_nothing_to_change_is_refused_listing_what_can_be_changed()
    {
        Assert.That(Refusal(), Does.Contain("--percent=N (0-100)").And.Contain("--users=a,b").And.Contain("--off"));
    }

    [Test]
    public void A_percentage_keeps_the_users_of_a_flag_that_is_on()
    {
        var before = new FlagState("Recommendations", true, 10, ["alice"]);

        Assert.That(From(percent: 25).ApplyTo(before), Is.EqualTo(before with { Percent = 25 }));
    }

    [Test]
    public void Turning_a_killed_flag_on_again_brings_back_no_audience_unasked()
    {
        var killed = new FlagState("Recommendations", false, 50, ["alice"]);

        var after = From(users: ["bob"]).ApplyTo(killed);

        Assert.That(after.Enabled, Is.True);
        Assert.That(after.Percent, Is.Zero);
        Assert.That(after.Users, Is.EqualTo(new[] { "bob" }));
    }

    [Test]
    public void The_kill_switch_keeps_the_audience_but_turns_the_flag_off()
    {
        var before = new FlagState("Recommendations", true, 10, ["alice"]);

        Assert.That(From(off: true).ApplyTo(before), Is.EqualTo(before with { Enabled = false }));
    }
}
