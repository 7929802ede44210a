using Deploy.Recipes.Releases;
using NUnit.Framework;
using static Deploy.Recipes.Releases.ReleaseOutcome;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>After a run died (SIGKILL) at any step, the history is brought in line with what the edge serves.</summary>
public sealed class HistoryReconciliationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_history_that_matches_the_edge_is_left_as_it_is()
    {
        var records = Records.Of(("1", Superseded), ("2", Live));

        var result = Reconcile(records, Served("2"));

        Assert.That(result.Corrections, Is.Empty);
        Assert.That(result.Records, Is.EqualTo(records));
    }

    [Test]
    public void A_deploy_killed_before_the_switch_is_recorded_failed_and_the_live_release_stays_live()
    {
        var result = Reconcile(Records.Of(("1", Live), ("2", Deploying)), Served("1"));

        Assert.That(Outcomes(result), Is.EqualTo(new[] { Live, Failed }));
        Assert.That(result.Corrections.Single(), Does.Contain("2 (2-0a1b2c3d) was recorded 'deploying' but it does not serve customers").And.Contain("now 'failed'"));
    }

    [Test]
    public void A_deploy_killed_after_the_switch_is_recorded_live_and_the_previous_release_becomes_the_rollback_target()
    {
        var result = Reconcile(Records.Of(("1", Superseded), ("2", Live), ("3", Deploying)), Served("3"));

        Assert.That(Outcomes(result), Is.EqualTo(new[] { Superseded, Superseded, Live }));
        Assert.That(ReleaseHistory.PreviousGoodOf(result.Records, Records.Id("3"))?.Version, Is.EqualTo("2"));
        Assert.That(result.Corrections, Has.Count.EqualTo(2));
        Assert.That(result.Corrections[0], Does.Contain("verification may not have completed"));
    }

    [Test]
    public void A_rollback_killed_after_the_switch_records_the_served_release_live_and_the_newer_one_rolled_back()
    {
        var result = Reconcile(Records.Of(("1", Superseded), ("2", Live)), Served("1"));

        Assert.That(Outcomes(result), Is.EqualTo(new[] { Superseded, RolledBack, Live }));
        Assert.That(result.Records[^1].Version, Is.EqualTo("1"));
        Assert.That(result.Records[^1].Slot, Is.EqualTo("green"));
        Assert.That(result.Corrections, Has.Some.Contains("serves customers in slot green but was not recorded live"));
    }

    [Test]
    public void The_record_of_a_release_found_serving_again_keeps_what_it_runs()
    {
        var records = Records.Of(("1", Superseded), ("2", Live));
        records[0] = records[0] with { Commit = "c0ffee", Digest = "d1", Image = "127.0.0.1:5000/shop@sha256:0a1b2c3d" };

        var served = Reconcile(records, Served("1")).Records[^1];

        Assert.That((served.Commit, served.Digest, served.Image), Is.EqualTo(("c0ffee", "d1", "127.0.0.1:5000/shop@sha256:0a1b2c3d")));
    }

    [Test]
    public void An_automatic_switch_back_killed_midway_records_the_served_release_live_and_the_failed_one_failed()
    {
        // The post-switch check failed and the record said so, but the run died before it recorded the switch back.
        var result = Reconcile(Records.Of(("1", Live), ("2", Failed)), Served("1"));

        Assert.That(Outcomes(result), Is.EqualTo(new[] { Live, Failed }));
        Assert.That(result.Corrections, Is.Empty);
    }

    [Test]
    public void A_release_the_history_never_saw_is_recorded_live_when_it_serves()
    {
        var result = Reconcile(Records.Of(("1", Live)), new ServedRelease("9-ffffffff", "9", "blue"));

        Assert.That(result.Records.Select(r => (r.Version, r.Outcome)), Is.EqualTo(new[] { ("1", Superseded), ("9", Live) }));
        Assert.That(result.Records[^1].Actor, Is.EqualTo("operator"));
        Assert.That(result.Records[^1].StartedUtc, Is.EqualTo(Now));
    }

    [Test]
    public void A_live_record_is_stopped_when_the_edge_sends_customers_nowhere()
    {
        var result = Reconcile(Records.Of(("1", Superseded), ("2", Live), ("3", Deploying)), served: null);

        Assert.That(Outcomes(result), Is.EqualTo(new[] { Superseded, Stopped, Failed }));
    }

    private static ReconciledHistory Reconcile(IReadOnlyList<ReleaseRecord> records, ServedRelease? served) =>
        HistoryReconciliation.Reconcile(records, served, "operator", Now);

    private static ServedRelease Served(string version) => new(Records.Id(version), version, "green");

    private static string[] Outcomes(ReconciledHistory result) => result.Records.Select(r => r.Outcome).ToArray();
}
