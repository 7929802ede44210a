using System.Text.Json;
using Deploy.Recipes.Health.Timeline;
using Deploy.Recipes.Notifications;

namespace Deploy.Recipes.Audit.Report;

/// <summary>
/// Builds a <see cref="ReleaseReport"/> from a release's audit records and its timeline samples: a pure function, so what
/// the report says is tested without a release.
/// </summary>
public static class ReleaseReportBuilder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The last segment of a step that is a check with numbers: verification, canary and flag analysis, the watch, the
    // warm check before a rollback; SmokeTest's steps are checks whatever their name.
    private static readonly string[] CheckSteps = ["verify", "analysis", "watch", "warm-check", "smoke"];

    /// <summary>The report of <paramref name="records"/> with <paramref name="samples"/> (those taken during its runs).</summary>
    public static ReleaseReport Build(string environment, ReleaseRecords records, IReadOnlyList<TimelineSample> samples)
    {
        var trail = records.Records;
        var events = trail.Where(r => ReleaseRecords.IsReleaseEvent(r) && r.Release == records.Release).ToList();
        var first = events.FirstOrDefault() ?? trail[0];
        var last = events.LastOrDefault();
        string? Input(string name) => events.Select(e => e.Inputs?.GetValueOrDefault(name)).LastOrDefault(v => v != null);

        var steps = Steps(trail.Where(r => !ReleaseRecords.IsReleaseEvent(r)).ToList());
        return new ReleaseReport(
            environment,
            records.Release,
            Input("version"),
            last?.Outcome ?? "unknown",
            first.Actor,
            records.FromUtc,
            records.ToUtc,
            Input("previous"),
            Input("reason"),
            Changes(Input("changes")),
            events.Select(e => new ReportEvent(e.TimeUtc, e.Outcome, e.Actor, e.Message ?? "")).ToList(),
            steps.Where(s => !IsCheck(s.Step)).ToList(),
            steps.Where(s => IsCheck(s.Step) && s.Message != null).ToList(),
            steps.Where(s => IsMigration(s.Step)).ToList(),
            TimelineSeries.Charts(samples.Where(s => s.TimeUtc >= records.FromUtc && s.TimeUtc <= records.ToUtc).ToList()));
    }

    /// <summary>True for a step that checks the release and records its numbers.</summary>
    public static bool IsCheck(string step) =>
        ReleaseRecords.Root(step) == "SmokeTest" || CheckSteps.Contains(step.Split('/')[^1]);

    /// <summary>True for a step that changed (or judged changing) the database schema.</summary>
    public static bool IsMigration(string step) =>
        ReleaseRecords.Root(step) == "Migrate" || step.Split('/').Skip(1).Any(part => part is "migrate" or "schema");

    // A step audited as "started" then closed becomes one row with the duration of the closing record; a record that
    // closes nothing is a note; a step never closed did not finish.
    private static List<ReportStep> Steps(IReadOnlyList<AuditRecord> records)
    {
        var rows = new List<ReportStep>();
        var open = new List<(int Row, AuditRecord Record)>();
        foreach (var record in records)
        {
            if (record is { Outcome: "started", Message: null, DurationMs: null })
            {
                open.Add((rows.Count, record));
                rows.Add(new ReportStep(record.TimeUtc, record.Step, Host(record), "did not finish", null, null));
                continue;
            }

            if (record.DurationMs != null)
            {
                var match = open.FindLastIndex(o => o.Record.Step == record.Step && o.Record.Host == record.Host && o.Record.Release == record.Release);
                if (match < 0)
                    match = open.FindLastIndex(o => o.Record.Step == record.Step);
                if (match >= 0)
                {
                    var (row, started) = open[match];
                    open.RemoveAt(match);
                    rows[row] = new ReportStep(started.TimeUtc, record.Step, Host(record), record.Outcome, record.DurationMs, record.Message);
                    continue;
                }
            }

            rows.Add(new ReportStep(record.TimeUtc, record.Step, Host(record), record.Outcome, record.DurationMs, record.Message));
        }

        return rows;
    }

    // Environment-wide records name every host separated by ';': only a per-host step's host is worth a column.
    private static string? Host(AuditRecord record) => record.Host is { } host && !host.Contains(';') ? host : null;

    private static ReleaseChanges? Changes(string? json)
    {
        if (json == null)
            return null;
        try
        {
            return JsonSerializer.Deserialize<ReleaseChanges>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
