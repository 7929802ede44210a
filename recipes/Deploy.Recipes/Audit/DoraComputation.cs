using System.Text.Json;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Audit;

/// <summary>
/// DORA's four figures from an environment's audit trail (its <c>Release/*</c> records) and the commits each release
/// brought. What counts:
/// <list type="bullet">
/// <item>A <b>release</b> is a <c>Release/started</c> record in the window; the records of the same release id after it
/// (until it is started again) are its outcome. It <b>ended</b> when it succeeded or failed; one that did neither
/// (a paused canary, a run that died, a release that was already live) is counted nowhere.</item>
/// <item>A <b>deployment</b> is a release with a <c>Release/succeeded</c> record: it went live and passed its checks and
/// watch. A release that started but never went live is not a deployment, but is a release (it failed).</item>
/// <item>A release <b>failed</b> when it has a <c>failed</c>, <c>switched-back</c> or <c>aborted</c> record, or when a
/// later <c>rolled-back</c> record rolled back from it (that record names the release rolled back to; the one rolled back
/// from is its <c>previous</c> input). So a canary aborted by an operator is a failed change, and so is a release that
/// succeeded and was rolled back later. Change failure rate = failed releases over ended releases.</item>
/// <item><b>Lead time</b> of a deployed commit = the deployment's <c>succeeded</c> time minus the commit's committer
/// time; each commit counts once, at the first deployment that brought it (a release redeployed after a rollback does not
/// count its commits again). The figure is the median over commits.</item>
/// <item><b>Recovery time</b> (DORA 2023's failed deployment recovery time) = from a release's first <c>failed</c> record
/// to the first moment customers are all on a good release again: the same release's <c>switched-back</c> or
/// <c>aborted</c> record, a <c>rolled-back</c> record from it, or any other release's <c>succeeded</c> record, whichever
/// comes first. A release rolled back or aborted by an operator with no <c>failed</c> record counts as a failure, but the
/// trail does not know when its trouble began, so it has no recovery time. The figure is the median.</item>
/// <item>Deployment frequency = deployments over the window's days.</item>
/// </list>
/// </summary>
public static class DoraComputation
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The figures for releases started in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>]. <paramref name="commits"/>
    /// gives the commits of a recorded range (null when git cannot tell them); it is the only thing read from outside.
    /// </summary>
    public static DoraMetrics Compute(
        string environment, IReadOnlyList<AuditRecord> records, Func<CommitRange, IReadOnlyList<GitCommit>?> commits, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var attempts = Attempts(records);
        var inWindow = attempts.Where(a => a.Started >= fromUtc && a.Started <= toUtc).ToList();
        var ended = inWindow.Where(a => a.Succeeded != null || a.Failed).ToList();
        var deployed = inWindow.Where(a => a.Succeeded != null).OrderBy(a => a.Succeeded).ToList();
        var failed = ended.Count(a => a.Failed);
        var days = Math.Max((toUtc - fromUtc).TotalDays, 1.0 / 24);
        var perDay = deployed.Count / days;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var leads = new List<TimeSpan>();
        var withoutCommits = 0;
        foreach (var deployment in deployed)
        {
            var brought = deployment.Changes?.Commits is { } range ? commits(range) : null;
            if (brought == null)
            {
                withoutCommits++;
                continue;
            }

            foreach (var commit in brought.Where(c => seen.Add(c.Sha)))
                leads.Add(deployment.Succeeded!.Value - commit.CommittedUtc);
        }

        var recoveries = new List<TimeSpan>();
        var unrecovered = 0;
        foreach (var failure in inWindow.Where(a => a.FailedAt != null))
        {
            var start = failure.FailedAt!.Value;
            var back = failure.Remedies.Where(t => t >= start)
                .Concat(attempts.Where(a => a != failure && a.Succeeded >= start).Select(a => a.Succeeded!.Value))
                .DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (back == DateTimeOffset.MaxValue)
                unrecovered++;
            else
                recoveries.Add(back - start);
        }

        var lead = Median(leads);
        var rate = ended.Count == 0 ? (double?)null : (double)failed / ended.Count;
        var recovery = Median(recoveries);
        return new DoraMetrics(environment, fromUtc, toUtc, ended.Count, inWindow.Count - ended.Count, deployed.Count, perDay, DoraTiers.Frequency(perDay),
            lead, leads.Count, withoutCommits, lead is { } l ? DoraTiers.LeadTime(l) : null,
            failed, rate, rate is { } r ? DoraTiers.ChangeFailureRate(r) : null,
            recovery, recoveries.Count, unrecovered, recovery is { } m ? DoraTiers.Recovery(m) : null);
    }

    /// <summary>The median (the mean of the two middle values for an even count); null for none.</summary>
    public static TimeSpan? Median(IReadOnlyList<TimeSpan> values)
    {
        if (values.Count == 0)
            return null;
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : sorted[middle - 1] + (sorted[middle] - sorted[middle - 1]) / 2;
    }

    /// <summary>Reads the <c>since</c> setting: days (<c>90d</c>), weeks (<c>12w</c>) or any duration (<c>720h</c>); false when it is none of these or zero.</summary>
    public static bool TryParseSince(string text, out TimeSpan span)
    {
        text = text.Trim();
        span = TimeSpan.Zero;
        if ((text.EndsWith('d') || text.EndsWith('w')) && double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var count) &&
            count > 0 && count < 100_000)
        {
            span = TimeSpan.FromDays(count * (text.EndsWith('w') ? 7 : 1));
            return true;
        }

        return Hosting.Durations.TryParse(text, out span) && span > TimeSpan.Zero;
    }

    private static List<Attempt> Attempts(IReadOnlyList<AuditRecord> records)
    {
        var attempts = new List<Attempt>();
        var latest = new Dictionary<string, Attempt>(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.Step.StartsWith(Notifications.ReleaseEventKinds.AuditStepPrefix, StringComparison.Ordinal) && r.Release != null)
                     .OrderBy(r => r.TimeUtc))
        {
            var kind = record.Step[Notifications.ReleaseEventKinds.AuditStepPrefix.Length..];
            var time = record.TimeUtc;
            if (kind == "started")
            {
                var attempt = new Attempt(record.Release!, time, ChangesOf(record));
                attempts.Add(attempt);
                latest[record.Release!] = attempt;
                continue;
            }

            // The release a rollback moved away from is the one that failed; the record names the one it went back to.
            var subject = kind == "rolled-back" ? record.Inputs?.GetValueOrDefault("previous") : record.Release;
            if (subject == null || !latest.TryGetValue(subject, out var of))
                continue;
            switch (kind)
            {
                case "succeeded":
                    of.Succeeded ??= time;
                    break;
                case "failed":
                    of.Failed = true;
                    of.FailedAt ??= time;
                    break;
                case "switched-back" or "aborted" or "rolled-back":
                    of.Failed = true;
                    of.Remedies.Add(time);
                    break;
            }
        }

        return attempts;
    }

    private static ReleaseChanges? ChangesOf(AuditRecord started)
    {
        if (started.Inputs?.TryGetValue("changes", out var json) != true)
            return null;
        try
        {
            return JsonSerializer.Deserialize<ReleaseChanges>(json!, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Attempt(string release, DateTimeOffset started, ReleaseChanges? changes)
    {
        public string Release { get; } = release;
        public DateTimeOffset Started { get; } = started;
        public ReleaseChanges? Changes { get; } = changes;
        public DateTimeOffset? Succeeded { get; set; }
        public bool Failed { get; set; }
        public DateTimeOffset? FailedAt { get; set; }
        public List<DateTimeOffset> Remedies { get; } = [];
    }
}
