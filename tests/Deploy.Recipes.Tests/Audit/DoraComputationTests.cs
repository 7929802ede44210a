using System.Text.Json;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>DORA's figures over a scripted history whose values are worked out by hand in the comments.</summary>
public sealed class DoraComputationTests
{
    private static readonly DateTimeOffset Jan1 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Commits at known times (committer time).
    private static readonly GitCommit C1 = Commit("c1", Jan1);                  // Jan 1 00:00
    private static readonly GitCommit C2 = Commit("c2", Jan1.AddHours(6));      // Jan 1 06:00
    private static readonly GitCommit C3 = Commit("c3", Jan1.AddDays(1));       // Jan 2 00:00
    private static readonly GitCommit C4 = Commit("c4", Jan1.AddDays(2.5));     // Jan 3 12:00
    private static readonly GitCommit C5 = Commit("c5", Jan1.AddDays(4));       // Jan 5 00:00

    // What git answers for each recorded range (from..to, as `git log from..to`).
    private static readonly Dictionary<(string?, string), IReadOnlyList<GitCommit>> Git = new()
    {
        [(null, "c2")] = [C2, C1],
        [("c2", "c3")] = [C3],
        [("c2", "c4")] = [C4, C3],
        [("c2", "c5")] = [C5, C4, C3],
    };

    /// <summary>
    /// The window is Jan 1 00:00 to Jan 11 00:00 (10 days). Releases:
    /// R0 started Dec 30 (before the window: not counted).
    /// R1 Jan 1 10:00 started, 12:00 succeeded; brings c1, c2.
    /// R2 Jan 2 10:00 started, 10:30 failed, 10:40 switched back; brings c3.
    /// R3 Jan 3 00:00 started, 18:00 succeeded; brings c3, c4. Jan 4 00:00 rolled back (to R1) by an operator.
    /// R4 Jan 5 01:00 started, 02:00 failed before taking traffic; brings c3, c4, c5.
    /// R5 Jan 5 03:00 started, 04:00 succeeded; brings c3, c4, c5 (c3, c4 already deployed by R3).
    /// R6 Jan 6 00:00 started, paused (a canary waiting): in progress.
    /// R7 Jan 8 00:00 started, 00:05 failed; nothing good went live after it.
    /// </summary>
    private static IReadOnlyList<AuditRecord> History() =>
    [
        Event("started", "R0", Jan1.AddDays(-2), ("c1", "c2")),
        Event("succeeded", "R0", Jan1.AddDays(-2).AddHours(1)),
        Event("started", "R1", Jan1.AddHours(10), (null, "c2")),
        Event("succeeded", "R1", Jan1.AddHours(12)),
        Event("started", "R2", Jan1.AddDays(1).AddHours(10), ("c2", "c3")),
        Event("failed", "R2", Jan1.AddDays(1).AddHours(10.5)),
        Event("switched-back", "R2", Jan1.AddDays(1).AddHours(10).AddMinutes(40)),
        Event("started", "R3", Jan1.AddDays(2), ("c2", "c4")),
        Event("succeeded", "R3", Jan1.AddDays(2).AddHours(18)),
        Event("rolled-back", "R1", Jan1.AddDays(3), previous: "R3"),
        Event("started", "R4", Jan1.AddDays(4).AddHours(1), ("c2", "c5")),
        Event("failed", "R4", Jan1.AddDays(4).AddHours(2)),
        Event("started", "R5", Jan1.AddDays(4).AddHours(3), ("c2", "c5")),
        Event("succeeded", "R5", Jan1.AddDays(4).AddHours(4)),
        Event("started", "R6", Jan1.AddDays(5), ("c5", "c5")),
        Event("paused", "R6", Jan1.AddDays(5).AddMinutes(1)),
        Event("started", "R7", Jan1.AddDays(7), ("c5", "c5")),
        Event("failed", "R7", Jan1.AddDays(7).AddMinutes(5)),
    ];

    private static DoraMetrics Computed() =>
        DoraComputation.Compute("production", History(), range => Git.GetValueOrDefault((range.From, range.To)), Jan1, Jan1.AddDays(10));

    [Test]
    public void Deployment_frequency_counts_the_releases_that_succeeded_in_the_window()
    {
        var m = Computed();

        // R1, R3, R5 succeeded (R0 is before the window): 3 deployments over 10 days = 0.3 a day = 2.1 a week.
        Assert.That(m.Deployments, Is.EqualTo(3));
        Assert.That(m.DeploymentsPerDay, Is.EqualTo(0.3).Within(1e-9));
        // At least once a week (1/7 = 0.143 a day) but not once a day: high.
        Assert.That(m.FrequencyTier, Is.EqualTo(DoraTier.High));
    }

    [Test]
    public void Lead_time_is_the_median_over_deployed_commits_each_counted_at_its_first_deployment()
    {
        var m = Computed();

        // R1 live Jan 1 12:00: c1 (00:00) 12 h, c2 (06:00) 6 h.
        // R3 live Jan 3 18:00: c3 (Jan 2 00:00) 42 h, c4 (Jan 3 12:00) 6 h.
        // R5 live Jan 5 04:00: c5 (Jan 5 00:00) 4 h; c3 and c4 were deployed by R3 already.
        // R2 and R4 never succeeded, so their commits have no lead time of their own.
        // Sorted: 4, 6, 6, 12, 42 h: the median is 6 h, under a day: elite.
        Assert.That(m.LeadTimeCommits, Is.EqualTo(5));
        Assert.That(m.LeadTimeMedian, Is.EqualTo(TimeSpan.FromHours(6)));
        Assert.That(m.LeadTimeTier, Is.EqualTo(DoraTier.Elite));
        Assert.That(m.DeploymentsWithoutCommits, Is.EqualTo(0));
    }

    [Test]
    public void Change_failure_rate_counts_failed_switched_back_and_rolled_back_releases_over_ended_ones()
    {
        var m = Computed();

        // Ended: R1, R2, R3, R4, R5, R7 = 6 (R6 is paused: counted nowhere; R0 is before the window).
        // Failed: R2 (failed, switched back), R3 (rolled back after it succeeded), R4 (failed before traffic), R7 = 4.
        // 4 / 6 = 66.7%: above 15%, low.
        Assert.That(m.Releases, Is.EqualTo(6));
        Assert.That(m.InProgress, Is.EqualTo(1));
        Assert.That(m.FailedReleases, Is.EqualTo(4));
        Assert.That(m.ChangeFailureRate, Is.EqualTo(4.0 / 6).Within(1e-9));
        Assert.That(m.ChangeFailureTier, Is.EqualTo(DoraTier.Low));
    }

    [Test]
    public void Time_to_restore_is_the_median_from_a_failure_to_a_good_release_live()
    {
        var m = Computed();

        // R2 failed 10:30, switched back 10:40: 10 min.
        // R4 failed Jan 5 02:00; the next good release live is R5 at 04:00: 120 min.
        // R3 was rolled back by an operator with no failure recorded: the trail does not know when its trouble began.
        // R7 failed Jan 8 00:05 and nothing good went live after it: unrecovered.
        // Median of 10 and 120 min = 65 min: under a day, an hour or more: high.
        Assert.That(m.Recoveries, Is.EqualTo(2));
        Assert.That(m.Unrecovered, Is.EqualTo(1));
        Assert.That(m.RecoveryMedian, Is.EqualTo(TimeSpan.FromMinutes(65)));
        Assert.That(m.RecoveryTier, Is.EqualTo(DoraTier.High));
    }

    [Test]
    public void A_deployment_whose_commits_git_cannot_tell_is_counted_apart_from_the_lead_time()
    {
        var m = DoraComputation.Compute("production", History(), _ => null, Jan1, Jan1.AddDays(10));

        Assert.That(m.LeadTimeMedian, Is.Null);
        Assert.That(m.LeadTimeTier, Is.Null);
        Assert.That(m.DeploymentsWithoutCommits, Is.EqualTo(3));
    }

    [Test]
    public void An_empty_trail_gives_no_figures_but_a_frequency_of_zero()
    {
        var m = DoraComputation.Compute("production", [], _ => null, Jan1, Jan1.AddDays(90));

        Assert.That(m.Deployments, Is.EqualTo(0));
        Assert.That(m.FrequencyTier, Is.EqualTo(DoraTier.Low));
        Assert.That(m.ChangeFailureRate, Is.Null);
        Assert.That(m.RecoveryMedian, Is.Null);
        Assert.That(DoraPrinting.ToText(m), Does.Contain("no release ended"));
    }

    [TestCase(1.0, DoraTier.Elite)]
    [TestCase(0.99, DoraTier.High)]
    [TestCase(1.0 / 7, DoraTier.High)]
    [TestCase(0.14, DoraTier.Medium)]
    [TestCase(1.0 / 30, DoraTier.Medium)]
    [TestCase(0.03, DoraTier.Low)]
    public void Frequency_tiers_follow_the_2023_report(double perDay, DoraTier tier) =>
        Assert.That(DoraTiers.Frequency(perDay), Is.EqualTo(tier));

    [TestCase(0.05, DoraTier.Elite)]
    [TestCase(0.06, DoraTier.High)]
    [TestCase(0.10, DoraTier.High)]
    [TestCase(0.15, DoraTier.Medium)]
    [TestCase(0.16, DoraTier.Low)]
    public void Change_failure_rate_tiers_follow_the_2023_report(double rate, DoraTier tier) =>
        Assert.That(DoraTiers.ChangeFailureRate(rate), Is.EqualTo(tier));

    [TestCase(23.9, DoraTier.Elite)]
    [TestCase(24, DoraTier.High)]
    [TestCase(168, DoraTier.High)]
    [TestCase(169, DoraTier.Medium)]
    [TestCase(720, DoraTier.Medium)]
    [TestCase(721, DoraTier.Low)]
    public void Lead_time_tiers_follow_the_2023_report(double hours, DoraTier tier) =>
        Assert.That(DoraTiers.LeadTime(TimeSpan.FromHours(hours)), Is.EqualTo(tier));

    [TestCase(0.99, DoraTier.Elite)]
    [TestCase(1, DoraTier.High)]
    [TestCase(23.9, DoraTier.High)]
    [TestCase(24, DoraTier.Medium)]
    [TestCase(168, DoraTier.Medium)]
    [TestCase(169, DoraTier.Low)]
    public void Recovery_tiers_follow_the_2023_report(double hours, DoraTier tier) =>
        Assert.That(DoraTiers.Recovery(TimeSpan.FromHours(hours)), Is.EqualTo(tier));

    [TestCase("90d", 90 * 24.0)]
    [TestCase("12w", 84 * 24.0)]
    [TestCase("720h", 720.0)]
    public void Since_reads_days_weeks_and_durations(string since, double hours)
    {
        Assert.That(DoraComputation.TryParseSince(since, out var span), Is.True);
        Assert.That(span, Is.EqualTo(TimeSpan.FromHours(hours)));
    }

    [TestCase("")]
    [TestCase("0d")]
    [TestCase("ninety days")]
    public void Since_refuses_what_is_no_window(string since) =>
        Assert.That(DoraComputation.TryParseSince(since, out _), Is.False);

    private static GitCommit Commit(string sha, DateTimeOffset time) => new(sha, "dev", "change " + sha, time);

    private static AuditRecord Event(string kind, string release, DateTimeOffset time, (string? From, string To)? range = null, string? previous = null)
    {
        var inputs = new Dictionary<string, string> { ["version"] = release };
        if (previous != null)
            inputs["previous"] = previous;
        if (range is { } r)
        {
            var changes = new ReleaseChanges(null, new CommitRange(r.From, r.To, 0, [], [], null, null, null), [], [], [], [], "digest", null);
            inputs["changes"] = JsonSerializer.Serialize(changes, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }

        return new AuditRecord(time, "ci", "production", release, "Release/" + kind, kind, null, $"{release} {kind}", inputs);
    }
}
