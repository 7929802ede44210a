using Deploy.Recipes.Audit;
using Deploy.Recipes.Audit.Report;
using Deploy.Recipes.Health.Timeline;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Report;

/// <summary>What the release report says, from a scripted audit trail and timeline whose numbers are known.</summary>
public sealed class ReleaseReportModelTests
{
    private static ReportChart Chart(ReleaseReport report, string id) => report.Charts.Single(c => c.Id == id);

    private static IEnumerable<double> Values(ReleaseReport report, string chart, string series) =>
        Chart(report, chart).Series.Single(s => s.Name == series).Points.Select(p => p.Value);

    [Test]
    public void The_report_names_the_release_who_when_its_outcome_and_what_changed()
    {
        var report = ScriptedRelease.Report();

        Assert.That(report.Release, Is.EqualTo(ScriptedRelease.Id));
        Assert.That(report.Version, Is.EqualTo("1.1.0"));
        Assert.That(report.Actor, Is.EqualTo("ada"));
        Assert.That(report.Outcome, Is.EqualTo("switched-back"));
        Assert.That(report.Previous, Is.EqualTo(ScriptedRelease.OldId));
        Assert.That(report.Reason, Is.EqualTo("error rate 40 % > 5 %"));
        Assert.That(report.StartedUtc, Is.EqualTo(ScriptedRelease.Start.AddSeconds(-5)), "from the Migrate the Deploy ran first");
        Assert.That(report.EndedUtc, Is.EqualTo(ScriptedRelease.Start.AddSeconds(10)));
        Assert.That(report.Changes, Is.EqualTo(ScriptedRelease.Changes).Using<ReleaseChanges>((a, b) => a.Digest == b.Digest && a.Commits!.Count == b.Commits!.Count));
        Assert.That(report.Events.Select(e => e.Kind), Is.EqualTo(new[] { "started", "failed", "switched-back" }));
    }

    [Test]
    public void Records_of_another_release_run_are_left_out()
    {
        var report = ScriptedRelease.Report();

        Assert.That(report.Steps.Select(s => s.Message ?? ""), Has.None.Contains("1.0.0 is live"));
        Assert.That(report.Events.Select(e => e.Actor), Has.None.EqualTo("linus"));
    }

    [Test]
    public void Each_step_has_its_duration_and_outcome_and_a_step_never_closed_did_not_finish()
    {
        var trail = ScriptedRelease.Trail().Where(r => !(r.Step == "Deploy" && r.Outcome == "failed")).ToList();
        var report = ReleaseReportBuilder.Build("staging", ReleaseRecords.Of(trail, ScriptedRelease.Id)!, []);

        Assert.That(report.Steps.Single(s => s.Step == "Deploy/switch"), Has.Property("Outcome").EqualTo("succeeded").And.Property("DurationMs").EqualTo(250));
        Assert.That(report.Steps.Single(s => s.Step == "release/start").Message, Is.EqualTo("green started"));
        Assert.That(report.Steps.Single(s => s.Step == "Deploy").Outcome, Is.EqualTo("did not finish"));
        Assert.That(report.Steps.Select(s => s.Step), Has.None.StartWith("Release/"), "events have their own section");
    }

    [Test]
    public void Checks_carry_their_numbers()
    {
        var checks = ScriptedRelease.Report().Checks;

        Assert.That(checks.Select(c => $"{c.Step} {c.Outcome}: {c.Message}"), Is.EqualTo(new[]
        {
            "Deploy/verify succeeded: passed: 200 requests, 0 5xx (0 %), p99 9.9 ms",
            "Deploy/watch started: watching until 12:00:30 against 1.0.0",
            "Deploy/watch failed: error rate 40 % > 5 % over 100 requests",
        }));
    }

    [Test]
    public void Migrations_applied_come_from_the_migrate_records()
    {
        var migrations = ScriptedRelease.Report().Migrations;

        Assert.That(migrations.Single(), Has.Property("Step").EqualTo("Migrate").And.Property("Message").EqualTo("3 -> 4 (validated); backup staging-3.db"));
    }

    [Test]
    public void The_error_rate_of_each_slot_is_computed_from_the_differences_between_samples()
    {
        var report = ScriptedRelease.Report();

        Assert.That(Values(report, "error-rate", "green"), Is.EqualTo(new[] { 0, 0, 0, 40.0, 0 }));
        Assert.That(Values(report, "error-rate", "blue"), Is.All.EqualTo(0));
        Assert.That(Values(report, "error-rate", "all"), Is.EqualTo(new[] { 0, 0, 0, 0, 0, 40.0, 0, 0, 0, 0 }));
    }

    [Test]
    public void Requests_per_second_and_p99_latency_come_from_the_counters_and_the_histogram()
    {
        var report = ScriptedRelease.Report();

        Assert.That(Values(report, "requests", "green"), Is.EqualTo(new[] { 0, 0, 100.0, 100, 100, 100, 100, 0, 0, 0 }));
        Assert.That(Values(report, "requests", "all"), Is.EqualTo(new[] { 50.0, 50, 100, 100, 100, 100, 100, 50, 50, 50 }));
        // 100 responses under 10 ms: the 99th is at 9.9 ms; 60 between 50 and 100 ms: the 59.4th is at 99.5 ms.
        Assert.That(Values(report, "p99", "green"), Is.EqualTo(new[] { 9.9, 9.9, 9.9, 99.5, 9.9 }));
        Assert.That(Chart(report, "p99").Series.Single(s => s.Name == "green").Points.Select(p => p.Seconds), Is.EqualTo(new[] { 3.0, 4, 5, 6, 7 }));
    }

    [Test]
    public void Weights_are_drawn_at_every_sample()
    {
        var report = ScriptedRelease.Report();

        Assert.That(Values(report, "weights", "green"), Is.EqualTo(new[] { 0.0, 0, 100, 100, 100, 100, 100, 0, 0, 0, 0 }));
        Assert.That(Chart(report, "weights").Series.Single(s => s.Name == "green").Versions, Is.EqualTo(new[] { "1.1.0" }));
    }

    [Test]
    public void A_slot_restarted_between_samples_counts_from_zero()
    {
        TimelineSample Sample(int second, string release, long requests, long errors) => new(ScriptedRelease.Start.AddSeconds(second), "local",
            [new TimelineSlot("blue", release, release, "running", "stable", 100, requests, errors, [10, -1], [requests - errors, 0])]);
        var series = TimelineSeries.Charts([Sample(0, "a", 1000, 10), Sample(1, "b", 30, 3)]);

        Assert.That(series.Single(c => c.Id == "requests").Series.Single().Points.Single().Value, Is.EqualTo(30));
        Assert.That(series.Single(c => c.Id == "error-rate").Series.Single().Points.Single().Value, Is.EqualTo(10));
    }

    [Test]
    public void A_release_started_failed_and_emptied_between_two_samples_still_shows_its_errors()
    {
        // Customers stay on blue; green ran, failed every request it got and was emptied within one sampling interval.
        TimelineSample Sample(int second, long blueRequests, long greenRequests, long greenErrors) => new(ScriptedRelease.Start.AddSeconds(second), "local",
        [
            new TimelineSlot("blue", "a", "1.0.0", "running", "stable", 100, blueRequests, 0, [10, -1], [blueRequests, 0]),
            new TimelineSlot("green", null, null, "empty", null, 0, greenRequests, greenErrors, [10, -1], [0, 0]),
        ]);
        var charts = TimelineSeries.Charts([Sample(0, 100, 0, 0), Sample(1, 192, 8, 8), Sample(2, 292, 8, 8)]);

        var errorRate = charts.Single(c => c.Id == "error-rate").Series;
        Assert.That(errorRate.Single(s => s.Name == "green").Points.Select(p => p.Value), Is.EqualTo(new[] { 100.0 }));
        Assert.That(errorRate.Single(s => s.Name == TimelineSeries.AllSlots).Points.Select(p => p.Value), Is.EqualTo(new[] { 8.0, 0 }));
    }

    [Test]
    public void A_slot_that_never_ran_a_release_draws_no_line()
    {
        TimelineSample Sample(int second, long requests) => new(ScriptedRelease.Start.AddSeconds(second), "local",
        [
            new TimelineSlot("blue", "a", "1.0.0", "running", "stable", 100, requests, 0, [10, -1], [requests, 0]),
            new TimelineSlot("green", null, null, "empty", null, 0, 0, 0, [10, -1], [0, 0]),
        ]);

        var charts = TimelineSeries.Charts([Sample(0, 0), Sample(1, 50), Sample(2, 100)]);

        Assert.That(charts.Single(c => c.Id == "requests").Series.Select(s => s.Name), Is.EqualTo(new[] { "blue" }));
    }

    [Test]
    public void A_long_pause_between_runs_is_drawn_short()
    {
        var times = new[] { 0, 1, 3601, 3602 }.Select(s => new TimelineSample(ScriptedRelease.Start.AddSeconds(s), "local", [])).ToList();

        Assert.That(TimelineSeries.Clock(times).Values, Is.EqualTo(new[] { 0.0, 1, 1 + TimelineSeries.GapDrawnAs.TotalSeconds, 2 + TimelineSeries.GapDrawnAs.TotalSeconds }));
    }

    [Test]
    public void Several_hosts_name_their_lines_by_host_and_slot()
    {
        var samples = new[] { "a@10.0.0.1:22", "b@10.0.0.2:22" }
            .SelectMany(host => new[] { 0, 1 }.Select(s => new TimelineSample(ScriptedRelease.Start.AddSeconds(s), host,
                [new TimelineSlot("blue", "r", "1", "running", "stable", 100, 10 * s, 0, [10, -1], [10 * s, 0])])))
            .ToList();

        Assert.That(TimelineSeries.Charts(samples).Single(c => c.Id == "requests").Series.Select(s => s.Name), Is.EqualTo(new[] { "a@10.0.0.1:22 blue", "b@10.0.0.2:22 blue" }));
    }

    [Test]
    public void The_latest_release_or_the_one_named_by_id_or_version_is_found()
    {
        var trail = ScriptedRelease.Trail();

        Assert.That(ReleaseRecords.Find(trail, null), Is.EqualTo(ScriptedRelease.Id));
        Assert.That(ReleaseRecords.Find(trail, "1.0.0"), Is.EqualTo(ScriptedRelease.OldId));
        Assert.That(ReleaseRecords.Find(trail, ScriptedRelease.OldId), Is.EqualTo(ScriptedRelease.OldId));
        Assert.That(ReleaseRecords.Find(trail, "9.9.9"), Is.Null);
        Assert.That(ReleaseRecords.Find([], null), Is.Null);
    }

    [TestCase(0, 1)]
    [TestCase(0.3, 0.5)]
    [TestCase(40, 50)]
    [TestCase(41, 50)]
    [TestCase(100, 100)]
    [TestCase(101, 200)]
    [TestCase(220, 250)]
    [TestCase(9.9, 10)]
    public void A_chart_axis_ends_at_a_round_value_at_or_above_the_peak(double peak, double axis) =>
        Assert.That(ChartScale.RoundUp(peak), Is.EqualTo(axis).Within(1e-9));

    [Test]
    public void A_value_drawn_on_a_chart_reads_back_from_its_coordinate()
    {
        var scale = ChartScale.For(40, 10);

        Assert.That(scale.ValueAt(scale.Y(40)), Is.EqualTo(40).Within(0.01));
        Assert.That(scale.ValueAt(scale.Y(12.5)), Is.EqualTo(12.5).Within(0.05));
        Assert.That(scale.Y(0), Is.EqualTo(ChartScale.Top + ChartScale.PlotHeight));
        Assert.That(scale.X(10), Is.EqualTo(ChartScale.Left + ChartScale.PlotWidth));
    }

    [Test]
    public void The_markdown_has_a_table_per_section_and_each_line_s_peak_and_last_value()
    {
        var markdown = MarkdownReportWriter.Write(ScriptedRelease.Report());

        Assert.That(markdown, Does.StartWith("## Release 1.1.0 in staging: switched-back"));
        foreach (var section in new[] { "### What changed", "### Over the release", "### Events", "### Steps", "### Checks" })
            Assert.That(markdown, Does.Contain(section + "\n\n|"), section);
        Assert.That(markdown, Does.Contain("### Migrations\n\nPending when the release started: 20261127 AddPayments\n\n|"));
        Assert.That(markdown, Does.Contain("| Error rate (5xx) | green | 1.1.0 | 40 % | 0 % | 5 |"));
        Assert.That(markdown, Does.Contain("| p99 latency | green | 1.1.0 | 99.5 ms | 9.9 ms | 5 |"));
        Assert.That(markdown, Does.Contain("| Settings changed | Shop__Title |"));
        Assert.That(markdown, Does.Contain("| Deploy/watch | local | failed |  | error rate 40 % > 5 % over 100 requests |"));
    }

    [Test]
    public void A_pipe_or_line_break_in_a_message_does_not_break_a_markdown_table()
    {
        var trail = ScriptedRelease.Trail().Select(r => r.Step == "Deploy/verify" && r.Message != null ? r with { Message = "a | b\nc" } : r).ToList();
        var markdown = MarkdownReportWriter.Write(ReleaseReportBuilder.Build("staging", ReleaseRecords.Of(trail, ScriptedRelease.Id)!, []));

        Assert.That(markdown, Does.Contain(@"| a \| b c |"));
    }

    [Test]
    public void The_html_page_loads_nothing_from_elsewhere_and_escapes_what_records_say()
    {
        var trail = ScriptedRelease.Trail().Select(r => r.Step == "Deploy/verify" && r.Message != null ? r with { Message = "<script>alert(1)</script>" } : r).ToList();
        var html = HtmlReportWriter.Write(ReleaseReportBuilder.Build("staging", ReleaseRecords.Of(trail, ScriptedRelease.Id)!, ScriptedRelease.Timeline()));

        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("src=").And.Not.Contain("href=").And.Not.Contain("@import").And.Not.Contain("url("));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
