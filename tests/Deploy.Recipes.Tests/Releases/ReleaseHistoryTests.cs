using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;
using static Deploy.Recipes.Releases.ReleaseOutcome;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>The history's judgements: the default rollback target and finding a release by id or version.</summary>
public sealed class ReleaseHistoryTests
{
    [Test]
    public void The_previous_good_release_is_the_newest_superseded_one_before_the_live_one()
    {
        var records = Records.Of(("1", Superseded), ("2", Superseded), ("3", Live));

        Assert.That(ReleaseHistory.PreviousGoodOf(records, Records.Id("3"))?.Version, Is.EqualTo("2"));
    }

    [Test]
    public void A_failed_or_rolled_back_release_is_never_the_previous_good_one()
    {
        var records = Records.Of(("1", Superseded), ("2", RolledBack), ("3", Failed), ("4", Live));

        Assert.That(ReleaseHistory.PreviousGoodOf(records, Records.Id("4"))?.Version, Is.EqualTo("1"));
    }

    [Test]
    public void A_release_stopped_by_Down_is_a_previous_good_one()
    {
        var records = Records.Of(("1", Superseded), ("2", Stopped), ("3", Live));

        Assert.That(ReleaseHistory.PreviousGoodOf(records, Records.Id("3"))?.Version, Is.EqualTo("2"));
    }

    [Test]
    public void The_live_release_is_never_its_own_previous_good_one_even_with_an_older_superseded_record()
    {
        // 1 was live, superseded by 2, then rolled back to: its old record must not make it the target again.
        var records = Records.Of(("1", Superseded), ("2", RolledBack), ("1", Live));

        Assert.That(ReleaseHistory.PreviousGoodOf(records, Records.Id("1")), Is.Null);
    }

    [Test]
    public void There_is_no_previous_good_release_when_every_other_one_failed()
    {
        var records = Records.Of(("1", Failed), ("2", Live));

        Assert.That(ReleaseHistory.PreviousGoodOf(records, Records.Id("2")), Is.Null);
    }

    [Test]
    public void Find_takes_an_id_or_a_version_and_returns_the_newest_record()
    {
        using var folder = new TemporaryFolder();
        var history = ReleaseHistory.Load(folder.Combine("releases.json"));
        foreach (var record in Records.Of(("1", Superseded), ("2", RolledBack), ("1", Live)))
            history.Add(record);

        Assert.That(history.Find("2")?.Outcome, Is.EqualTo(RolledBack), "by version");
        Assert.That(history.Find(Records.Id("1"))?.Outcome, Is.EqualTo(Live), "by id, newest record");
        Assert.That(history.Find("1")?.Outcome, Is.EqualTo(Live), "by version, newest record");
        Assert.That(history.Find("9"), Is.Null);
    }

    [Test]
    public void A_history_survives_a_reload_with_its_schema_outcome()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Combine("releases.json");
        var history = ReleaseHistory.Load(file);
        history.Add(Records.Of(("1", Live))[0]);
        history.SetSchema(Records.Id("1"), SchemaOutcome.NoSchemaRollback, "no schema rollback: forward-only");

        var reloaded = ReleaseHistory.Load(file).Records.Single();

        Assert.That(reloaded.Schema, Is.EqualTo(SchemaOutcome.NoSchemaRollback));
        Assert.That(reloaded.Reason, Does.Contain("no schema rollback: forward-only"));
    }
}
