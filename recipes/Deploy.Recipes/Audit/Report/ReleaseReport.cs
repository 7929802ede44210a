namespace Deploy.Recipes.Audit.Report;

/// <summary>
/// What a release report shows, computed from the audit trail and the release timeline alone
/// (<see cref="ReleaseReportBuilder"/>); the HTML and Markdown writers only lay it out. Text comes from audit records,
/// which are redacted of secrets when written.
/// </summary>
/// <param name="Environment">The environment.</param>
/// <param name="Release">The release's id.</param>
/// <param name="Version">Its version, when recorded.</param>
/// <param name="Outcome">The last thing that happened to it (the name of its last release event: succeeded, failed, ...).</param>
/// <param name="Actor">Who started it (the actor of its first event).</param>
/// <param name="StartedUtc">The first record of the release's runs.</param>
/// <param name="EndedUtc">The last record of the release's runs.</param>
/// <param name="Previous">The release that was live before, when recorded.</param>
/// <param name="Reason">Why it failed, was switched back, rolled back or aborted (the last reason recorded).</param>
/// <param name="Changes">What it brought since the live release, when recorded.</param>
/// <param name="Events">Its release events, oldest first.</param>
/// <param name="Steps">Every step of its runs with duration and outcome, oldest first.</param>
/// <param name="Checks">Every check (verification, smoke checks, canary analysis, the watch) with its numbers.</param>
/// <param name="Migrations">Migration and schema steps of its runs.</param>
/// <param name="Charts">Requests/s, error rate, p99 latency and traffic weights over the release, per slot.</param>
/// <param name="AuditHead">The audit trail's head when the report was written (last record and its hash, as VerifyAudit prints it), so a copy of the report kept elsewhere pins the trail.</param>
public sealed record ReleaseReport(
    string Environment,
    string Release,
    string? Version,
    string Outcome,
    string Actor,
    DateTimeOffset StartedUtc,
    DateTimeOffset EndedUtc,
    string? Previous,
    string? Reason,
    ReleaseChanges? Changes,
    IReadOnlyList<ReportEvent> Events,
    IReadOnlyList<ReportStep> Steps,
    IReadOnlyList<ReportStep> Checks,
    IReadOnlyList<ReportStep> Migrations,
    IReadOnlyList<ReportChart> Charts,
    string? AuditHead = null)
{
    /// <summary>How long the release's runs took, first record to last.</summary>
    public TimeSpan Duration => EndedUtc - StartedUtc;
}

/// <summary>A release event as the report lists it.</summary>
/// <param name="TimeUtc">When.</param>
/// <param name="Kind">Its name (started, failed, ...).</param>
/// <param name="Actor">Who ran the command.</param>
/// <param name="Summary">Its one-line summary.</param>
public sealed record ReportEvent(DateTimeOffset TimeUtc, string Kind, string Actor, string Summary);

/// <summary>A step (or a check, or a note) of a release's runs.</summary>
/// <param name="TimeUtc">When it started (or was noted).</param>
/// <param name="Step">The audit step, e.g. <c>Deploy/switch</c>.</param>
/// <param name="Host">The host it ran on, for per-host steps.</param>
/// <param name="Outcome">succeeded, failed, passed, ..., or <c>did not finish</c> for a step the run never closed.</param>
/// <param name="DurationMs">How long it took, for steps (notes have none).</param>
/// <param name="Message">What it said: a result, a check's numbers, an error.</param>
public sealed record ReportStep(DateTimeOffset TimeUtc, string Step, string? Host, string Outcome, double? DurationMs, string? Message);

/// <summary>One chart: a series per slot over the release's time.</summary>
/// <param name="Id">A stable name (<c>requests</c>, <c>error-rate</c>, <c>p99</c>, <c>weights</c>).</param>
/// <param name="Title">Its title.</param>
/// <param name="Unit">The unit of its values (<c>req/s</c>, <c>%</c>, <c>ms</c>).</param>
/// <param name="Series">Its lines.</param>
public sealed record ReportChart(string Id, string Title, string Unit, IReadOnlyList<ReportSeries> Series)
{
    /// <summary>The largest value of any series (0 when there is none).</summary>
    public double Peak => Series.SelectMany(s => s.Points).Select(p => p.Value).DefaultIfEmpty(0).Max();

    /// <summary>The latest x of any series in seconds (0 when there is none).</summary>
    public double Span => Series.SelectMany(s => s.Points).Select(p => p.Seconds).DefaultIfEmpty(0).Max();
}

/// <summary>One line of a chart.</summary>
/// <param name="Name">The slot (with its host when the environment has several).</param>
/// <param name="Versions">The versions the slot ran over the release, in order.</param>
/// <param name="Points">Its points, in time order.</param>
public sealed record ReportSeries(string Name, IReadOnlyList<string> Versions, IReadOnlyList<ReportPoint> Points)
{
    /// <summary>The largest value (0 without points).</summary>
    public double Peak => Points.Select(p => p.Value).DefaultIfEmpty(0).Max();

    /// <summary>The last value (0 without points).</summary>
    public double Last => Points.Count == 0 ? 0 : Points[^1].Value;
}

/// <summary>A point of a series.</summary>
/// <param name="Seconds">Seconds into the release (pauses between runs shortened, see <see cref="TimelineSeries"/>).</param>
/// <param name="Value">The value.</param>
public sealed record ReportPoint(double Seconds, double Value);
