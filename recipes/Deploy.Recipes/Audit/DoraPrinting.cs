using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deploy.Recipes.Audit;

/// <summary>DORA figures as people read them (text) and as scripts read them (<c>--format=json</c>: durations in seconds, shares 0-1, tiers lower-case).</summary>
public static class DoraPrinting
{
    /// <summary>The figures as text, one metric a line with its level and what it is over.</summary>
    public static string ToText(DoraMetrics m)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"DORA metrics for {m.Environment}, {m.FromUtc:yyyy-MM-dd HH:mm} to {m.ToUtc:yyyy-MM-dd HH:mm} UTC ({(m.ToUtc - m.FromUtc).TotalDays:0.#} days)"));
        text.AppendLine(Invariant($"  Deployment frequency:   {m.DeploymentsPerDay * 7:0.##} per week ({m.Deployments} deployments)  [{m.FrequencyTier.Name()}]"));
        text.AppendLine(m.LeadTimeMedian is { } lead
            ? Invariant($"  Lead time for changes:  {Describe(lead)} median over {m.LeadTimeCommits} commits{Missing(m.DeploymentsWithoutCommits)}  [{m.LeadTimeTier!.Value.Name()}]")
            : Invariant($"  Lead time for changes:  no commits known{Missing(m.DeploymentsWithoutCommits)}"));
        text.AppendLine(m.ChangeFailureRate is { } rate
            ? Invariant($"  Change failure rate:    {rate * 100:0.#}% ({m.FailedReleases} of {m.Releases} releases)  [{m.ChangeFailureTier!.Value.Name()}]")
            : "  Change failure rate:    no release ended");
        text.AppendLine(m.RecoveryMedian is { } recovery
            ? Invariant($"  Time to restore:        {Describe(recovery)} median over {m.Recoveries} failures{Open(m.Unrecovered)}  [{m.RecoveryTier!.Value.Name()}]")
            : Invariant($"  Time to restore:        no failure recovered{Open(m.Unrecovered)}"));
        if (m.InProgress > 0)
            text.AppendLine(Invariant($"  {m.InProgress} release(s) started but neither succeeded nor failed (in progress, paused, or already live) are not counted."));
        text.AppendLine("  Tiers: 2023 Accelerate State of DevOps Report thresholds (see the README's DORA section).");
        return text.ToString();
    }

    /// <summary>The figures as one JSON object.</summary>
    public static string ToJson(DoraMetrics m)
    {
        var json = new JsonObject
        {
            ["environment"] = m.Environment,
            ["from"] = m.FromUtc.ToString("O", CultureInfo.InvariantCulture),
            ["to"] = m.ToUtc.ToString("O", CultureInfo.InvariantCulture),
            ["deploymentFrequency"] = new JsonObject
            {
                ["deployments"] = m.Deployments, ["perDay"] = Round(m.DeploymentsPerDay), ["perWeek"] = Round(m.DeploymentsPerDay * 7), ["tier"] = m.FrequencyTier.Name(),
            },
            ["leadTime"] = new JsonObject
            {
                ["medianSeconds"] = m.LeadTimeMedian?.TotalSeconds, ["commits"] = m.LeadTimeCommits, ["deploymentsWithoutCommits"] = m.DeploymentsWithoutCommits,
                ["tier"] = m.LeadTimeTier?.Name(),
            },
            ["changeFailureRate"] = new JsonObject
            {
                ["rate"] = m.ChangeFailureRate is { } r ? Round(r) : null, ["failed"] = m.FailedReleases, ["releases"] = m.Releases, ["tier"] = m.ChangeFailureTier?.Name(),
            },
            ["timeToRestore"] = new JsonObject
            {
                ["medianSeconds"] = m.RecoveryMedian?.TotalSeconds, ["recoveries"] = m.Recoveries, ["unrecovered"] = m.Unrecovered, ["tier"] = m.RecoveryTier?.Name(),
            },
            ["inProgress"] = m.InProgress,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static double Round(double value) => Math.Round(value, 4);

    private static string Missing(int deployments) => deployments == 0 ? "" : Invariant($" ({deployments} deployment(s) with no commits known)");

    private static string Open(int unrecovered) => unrecovered == 0 ? "" : Invariant($" ({unrecovered} not recovered yet)");

    // Whole days, hours and minutes read better than Durations' seconds at DORA's scales.
    private static string Describe(TimeSpan span) =>
        span >= TimeSpan.FromDays(1) ? Invariant($"{span.TotalDays:0.##} days")
        : span >= TimeSpan.FromHours(1) ? Invariant($"{span.TotalHours:0.##} h")
        : span >= TimeSpan.FromMinutes(1) ? Invariant($"{span.TotalMinutes:0.##} min")
        : Invariant($"{span.TotalSeconds:0.##} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
