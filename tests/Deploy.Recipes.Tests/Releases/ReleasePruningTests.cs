using Deploy.Recipes.Releases;
using NUnit.Framework;
using static Deploy.Recipes.Releases.ReleaseOutcome;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>Which installed releases may go: keep-releases counts per environment, and nothing any environment needs goes.</summary>
public sealed class ReleasePruningTests
{
    private static readonly HashSet<string> NothingRunning = [];

    [Test]
    public void Three_staging_deploys_never_remove_the_release_production_runs()
    {
        // The reproduction of issue 8: production deployed once, then staging three times with keep-releases=2.
        var installed = Ids("s3", "s2", "s1", "p1");
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>>
        {
            ["production"] = Records.Of(("p1", Live)),
            ["staging"] = Records.Of(("s1", Superseded), ("s2", Superseded), ("s3", Live)),
        };

        var removed = ReleasePruning.Removable(installed, histories, NothingRunning, keep: 2);

        Assert.That(removed, Is.EqualTo(Ids("s1")));
    }

    [Test]
    public void Keep_releases_counts_the_newest_releases_of_each_environment()
    {
        var installed = Ids("s4", "s3", "s2", "s1", "p3", "p2", "p1");
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>>
        {
            ["production"] = Records.Of(("p1", Superseded), ("p2", Superseded), ("p3", Live)),
            ["staging"] = Records.Of(("s1", Superseded), ("s2", Superseded), ("s3", Superseded), ("s4", Live)),
        };

        var removed = ReleasePruning.Removable(installed, histories, NothingRunning, keep: 2);

        Assert.That(removed, Is.EquivalentTo(Ids("s2", "s1", "p1")));
    }

    [Test]
    public void An_environments_rollback_target_is_kept_beyond_keep_releases()
    {
        // p1 is production's previous good release: the two newer records are failed deploys.
        var installed = Ids("p3", "p2", "p1", "p0");
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>>
        {
            ["production"] = Records.Of(("p0", Superseded), ("p1", Superseded), ("p2", Failed), ("p3", Live)),
        };

        var removed = ReleasePruning.Removable(installed, histories, NothingRunning, keep: 2);

        Assert.That(removed, Is.EqualTo(Ids("p0")));
    }

    [Test]
    public void A_release_running_in_any_slot_is_kept()
    {
        // p1 was rolled away from and stays warm for the bake time in production's idle slot.
        var installed = Ids("s3", "s2", "s1", "p1", "p0");
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>>
        {
            ["production"] = Records.Of(("p0", Superseded), ("p1", RolledBack), ("p0", Live)),
            ["staging"] = Records.Of(("s1", Superseded), ("s2", Superseded), ("s3", Live)),
        };

        var removed = ReleasePruning.Removable(installed, histories, new HashSet<string> { Records.Id("p1") }, keep: 1);

        Assert.That(removed, Is.EqualTo(Ids("s1")), "p1 is neither production's newest nor its rollback target, but it runs");
    }

    [Test]
    public void Releases_no_history_names_yet_keep_the_newest_by_install_time()
    {
        // x2 was just installed by a deploy that has not written its history yet; x1 and x0 are leftovers.
        var installed = Ids("x2", "s1", "x1", "x0");
        var histories = new Dictionary<string, IReadOnlyList<ReleaseRecord>> { ["staging"] = Records.Of(("s1", Live)) };

        var removed = ReleasePruning.Removable(installed, histories, NothingRunning, keep: 2);

        Assert.That(removed, Is.EqualTo(Ids("x0")));
    }

    private static List<string> Ids(params string[] versions) => versions.Select(Records.Id).ToList();
}
