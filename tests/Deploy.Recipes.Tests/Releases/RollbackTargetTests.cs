using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using NUnit.Framework;
using static Deploy.Recipes.Releases.ReleaseOutcome;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>Which release a rollback goes to, and which it refuses.</summary>
public sealed class RollbackTargetTests
{
    private static readonly List<ReleaseRecord> History = Records.Of(("1", Superseded), ("2", Superseded), ("3", Failed), ("4", Live));

    [Test]
    public void Without_to_it_is_the_previous_good_release()
    {
        Assert.That(Choose("", force: false).Version, Is.EqualTo("2"));
    }

    [Test]
    public void To_names_a_release_by_version_or_by_id()
    {
        Assert.That(Choose("1", force: false).Id, Is.EqualTo(Records.Id("1")));
        Assert.That(Choose(Records.Id("1"), force: false).Version, Is.EqualTo("1"));
    }

    [Test]
    public void To_a_failed_release_is_refused_naming_force_and_why_it_failed()
    {
        var history = Records.Of(("1", Superseded), ("4", Live));
        history.Insert(1, Records.Of(("3", Failed))[0] with { Reason = "5xx rate 40% > 1%" });

        var refused = Assert.Throws<RecipeUsageException>(() => RollbackTarget.Choose(history, "production", Records.Id("4"), "4", "3", force: false));

        Assert.That(refused!.Message, Does.Contain("release 3 (3-0a1b2c3d) is recorded 'failed' in 'production' (5xx rate 40% > 1%)")
            .And.Contain("--force").And.Contain("Nothing was changed"));
    }

    [Test]
    public void To_a_failed_release_with_force_is_allowed()
    {
        Assert.That(Choose("3", force: true).Outcome, Is.EqualTo(Failed));
    }

    [Test]
    public void To_an_unknown_release_is_refused_naming_the_known_ones()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => Choose("7", force: true));

        Assert.That(refused!.Message, Does.Contain("--to=7 names no release of 'production'").And.Contain("1 (1-0a1b2c3d)"));
    }

    [Test]
    public void Without_an_earlier_good_release_it_asks_for_to()
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            RollbackTarget.Choose(Records.Of(("3", Failed), ("4", Live)), "production", Records.Id("4"), "4", "", force: false));

        Assert.That(refused!.Message, Does.Contain("no earlier good release").And.Contain("--to=<release>"));
    }

    private static ReleaseRecord Choose(string to, bool force) => RollbackTarget.Choose(History, "production", Records.Id("4"), "4", to, force);
}
