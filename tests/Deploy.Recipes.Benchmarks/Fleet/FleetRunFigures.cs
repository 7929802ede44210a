using Deploy.Recipes.Tests.Fleet;

namespace Deploy.Recipes.Benchmarks.Fleet;

/// <summary>
/// The figures of one fleet release, read from its audit records (each per-host step names its host and closes with
/// its duration): per phase, how long hosts took and how long the phase lasted across the fleet, and how far apart
/// the hosts' switches were.
/// </summary>
internal static class FleetRunFigures
{
    /// <summary>The phases the issue names, and the audit steps each is made of.</summary>
    public static readonly (string Phase, string[] Steps)[] Phases =
    [
        ("upload", ["Deploy/place"]),
        ("start", ["release/start"]),
        ("prove", ["release/ready", "release/smoke"]),
        ("switch", ["Deploy/switch"]),
        ("verify", ["Deploy/verify"]),
    ];

    public static PhaseFigures Phase(IReadOnlyList<FleetAuditRecord> records, string[] steps)
    {
        var perStep = records.Where(r => steps.Contains(r.Step) && r.Host != null).ToList();
        var closed = perStep.Where(r => r.Outcome != "started" && r.DurationMs != null).ToList();
        if (closed.Count == 0)
            return new PhaseFigures(0, 0, 0, 0, 0);
        var perHost = closed.GroupBy(r => r.Host!).Select(g => g.Sum(r => r.DurationMs!.Value) / 1000).Order().ToList();
        var first = perStep.Where(r => r.Outcome == "started").Select(r => r.Time).DefaultIfEmpty(closed.Min(r => r.Time)).Min();
        var span = (closed.Max(r => r.Time) - first).TotalSeconds;
        return new PhaseFigures(perHost.Count, perHost[perHost.Count / 2], perHost[^1], perHost.Sum(), span);
    }

    /// <summary>Seconds from the first host's switch to the last host's (closing records of Deploy/switch that succeeded).</summary>
    public static double SwitchSpread(IReadOnlyList<FleetAuditRecord> records)
    {
        var switched = records.Where(r => r.Step == "Deploy/switch" && r.Outcome == "succeeded" && r.Host != null).Select(r => r.Time).ToList();
        return switched.Count < 2 ? 0 : (switched.Max() - switched.Min()).TotalSeconds;
    }
}
