using System.Text;
using System.Text.Json;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>What runs where in one environment: the edge, the slots and their traffic, recent releases and audit.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Url">The public URL, when the edge runs.</param>
/// <param name="Edge">The edge's endpoint, when it runs.</param>
/// <param name="Maintenance">Maintenance mode, when the edge runs.</param>
/// <param name="Slots">The slots, when the edge runs.</param>
/// <param name="LiveRelease">The release customers get, if any.</param>
/// <param name="Releases">The last 10 releases, newest first.</param>
/// <param name="Audit">The last audit records, newest last.</param>
/// <param name="EdgeRecovery">When the running edge replaced one that had died: when, how long the edge was down, what it adopted.</param>
public sealed record EnvironmentStatus(
    string Environment,
    string? Url,
    EdgeEndpoint? Edge,
    Maintenance? Maintenance,
    IReadOnlyList<SlotState> Slots,
    string? LiveRelease,
    IReadOnlyList<ReleaseRecord> Releases,
    IReadOnlyList<AuditRecord> Audit,
    EdgeRecovery? EdgeRecovery = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads the status; an edge that does not answer is reported as such, not hidden.</summary>
    public static async Task<EnvironmentStatus> ReadAsync(string environment, LocalTarget target, AuditTrail audit)
    {
        var releases = target.History.Records.Reverse().Take(10).ToList();
        var tail = audit.Tail(8);
        using var edge = target.Edge.Connect();
        if (edge == null)
            return new EnvironmentStatus(environment, null, null, null, [], null, releases, tail);
        var state = await edge.StateAsync();
        var live = state.Slots.FirstOrDefault(s => s.Weight > 0);
        return new EnvironmentStatus(environment, edge.PublicUrl.ToString(), edge.Endpoint, state.Maintenance, state.Slots,
            live?.Release, releases, tail, target.Edge.LastRecovery());
    }

    /// <summary>For scripts.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>For people.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Environment  {Environment}");
        if (Edge == null)
        {
            text.AppendLine("Edge         not running (nothing serves this environment)");
        }
        else
        {
            text.AppendLine($"Edge         {Url}  (PID {Edge.Pid}, edge {Edge.Version}, up since {Edge.StartedUtc:u})");
            if (EdgeRecovery is { } recovery)
                text.AppendLine($"Edge crash   the previous edge (PID {recovery.DeadPid}) died; last seen alive {recovery.LastSeenAliveUtc:u}, " +
                                $"restarted {recovery.RestartedUtc:u}: down about {recovery.Down.TotalSeconds:0.0} s; adopted " +
                                (recovery.Adopted.Count == 0 ? "no release process" : string.Join(", ", recovery.Adopted)));
            text.AppendLine($"Maintenance  {(Maintenance!.On ? $"ON (Retry-After {Maintenance.RetryAfterSeconds} s)" : "off")}");
            var live = Slots.FirstOrDefault(s => s.Weight > 0);
            text.AppendLine($"Live         {(live == null ? "none" : $"{live.Version} ({live.Release}) in slot {live.Name}")}");
            text.AppendLine($"Traffic      {string.Join(", ", Slots.Select(s => $"{s.Name} {s.Weight}%"))}");
            foreach (var slot in Slots)
            {
                var detail = slot.Status == "empty"
                    ? "empty"
                    : $"{slot.Status,-8} {slot.Version} ({slot.Release}) port {slot.Port} PID {slot.Pid}" +
                      (slot.Weight == 0 && slot.Status == "running" ? " warm" : "") +
                      (slot.StopAtUtc is { } stop ? $", stops at {stop:u}" : "");
                text.AppendLine($"Slot {slot.Name,-7} {detail}");
            }
        }

        text.AppendLine();
        text.AppendLine("Last releases (newest first)");
        if (Releases.Count == 0)
            text.AppendLine("  none");
        foreach (var release in Releases)
            text.AppendLine($"  {release.StartedUtc:u}  {release.Version,-16} {release.Outcome,-11} slot {release.Slot,-5} by {release.Actor}{(release.Reason == null ? "" : "  " + release.Reason)}");
        text.AppendLine();
        text.AppendLine("Audit (latest last)");
        foreach (var record in Audit)
            text.AppendLine($"  {record.TimeUtc:u}  {record.Actor}  {record.Step,-26} {record.Outcome,-9} {record.Release}{(record.Message == null ? "" : "  " + record.Message)}");
        return text.ToString();
    }
}
