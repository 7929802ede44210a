using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets;

/// <summary>
/// What runs where in one environment: every host's edge, slots and traffic (<see cref="Hosts"/>), the fleet's
/// verdict, recent releases and audit. The top-level edge fields describe the first host, so scripts written for the
/// one-host local target read the same fields as before.
/// </summary>
/// <param name="Environment">The environment.</param>
/// <param name="Url">The first host's public URL, when its edge runs.</param>
/// <param name="Edge">The first host's edge endpoint, when it runs.</param>
/// <param name="Maintenance">The first host's maintenance mode, when its edge runs.</param>
/// <param name="Slots">The first host's slots, when its edge runs.</param>
/// <param name="LiveRelease">The release customers get on the first host, if any.</param>
/// <param name="Releases">The last 10 releases, newest first.</param>
/// <param name="Audit">The last audit records, newest last.</param>
/// <param name="EdgeRecovery">When the first host's running edge replaced one that had died: when, how long the edge was down, what it adopted.</param>
/// <param name="Target">Where releases run (the target's description).</param>
/// <param name="Hosts">Every host, in the environment's order.</param>
/// <param name="Fleet">How the hosts stand together: one release, mixed, nothing live, or some unreachable.</param>
public sealed record EnvironmentStatus(
    string Environment,
    string? Url,
    EdgeEndpoint? Edge,
    Maintenance? Maintenance,
    IReadOnlyList<SlotState> Slots,
    string? LiveRelease,
    IReadOnlyList<ReleaseRecord> Releases,
    IReadOnlyList<AuditRecord> Audit,
    EdgeRecovery? EdgeRecovery,
    string Target,
    IReadOnlyList<HostStatus> Hosts,
    FleetVerdict Fleet)
{
    /// <summary>The environment's feature flags and who they are on for (<c>--target=Flag</c>).</summary>
    public IReadOnlyList<Flags.FlagStatus> Flags { get; init; } = [];

    /// <summary>The release containers behind the slots (container releases only): id, image by digest, state and health.</summary>
    public IReadOnlyList<Containers.ContainerStatus> Containers { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    /// <summary>Reads the status of every host at once; a host whose edge does not answer is reported as unreachable, not hidden.</summary>
    public static async Task<EnvironmentStatus> ReadAsync(string environment, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts, AuditTrail audit)
    {
        var releases = target.History.Records.Reverse().Take(10).ToList();
        var tail = audit.Tail(8);
        var perHost = await Task.WhenAll(hosts.Select(HostStatus.ReadAsync));
        var fleet = FleetVerdict.Judge(perHost.Select(h => h.Serving).ToList());
        var first = perHost[0];
        var running = first.Edge != null && first.Error == null;
        return new EnvironmentStatus(environment, running ? first.Url : null, running ? first.Edge : null, first.Maintenance, first.Slots,
            first.LiveRelease, releases, tail, first.EdgeRecovery, target.Description, perHost, fleet) { Flags = await Recipes.Flags.FlagStatus.ReadAsync(hosts) };
    }

    /// <summary>The canary running beside the live release, with its progress (step, weight, step starts, verdicts), if one is in progress.</summary>
    public ReleaseRecord? Canary => Releases.FirstOrDefault(r => r.Outcome == ReleaseOutcome.Canary && r.Canary is { InProgress: true });

    /// <summary>For scripts.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>For people: one host in full detail; a fleet as a table, one row per host, and its verdict.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Environment  {Environment}");
        if (Hosts.Count == 1)
            AppendHost(text, Hosts[0]);
        else
            AppendFleet(text);

        if (Canary is { Canary: { } progress } canary)
        {
            text.AppendLine($"Canary       {canary.Version} ({canary.Id}) {progress.Describe()}");
            text.AppendLine($"Canary steps {progress.Steps}, then 100%; step {progress.StepIndex + 1}" +
                            (progress.StepStartsUtc.Count > 0 ? $" started {progress.StepStartsUtc[^1]:u}" : "") +
                            $"; on {string.Join(", ", progress.Hosts.Select(h => $"{h.Name} (canary slot {h.CanarySlot}, stable slot {h.StableSlot})"))}");
            foreach (var verdict in progress.Verdicts.TakeLast(3))
                text.AppendLine($"  verdict    {verdict}");
        }
        if (Releases.FirstOrDefault(r => r.Outcome == ReleaseOutcome.Live && r.WatchUntilUtc > DateTimeOffset.UtcNow) is { } watched)
            text.AppendLine($"Watch        {watched.Version} watching until {watched.WatchUntilUtc:u} (a failure switches back to the warm previous release)");
        foreach (var container in Containers)
            text.AppendLine(container.Describe(Hosts.Count > 1));
        foreach (var flag in Flags)
            text.AppendLine($"Flag         {flag.Name}: {flag.State}{(flag.DiffersOn.Count == 0 ? "" : $" (differs on {string.Join(", ", flag.DiffersOn)})")}");

        text.AppendLine();
        text.AppendLine("Last releases (newest first)");
        if (Releases.Count == 0)
            text.AppendLine("  none");
        foreach (var release in Releases)
            text.AppendLine($"  {release.StartedUtc:u}  {release.Version,-16} {release.Outcome,-11} slot {release.Slot,-5} by {release.Actor}{(release.Reason == null ? "" : "  " + release.Reason)}");
        text.AppendLine();
        text.AppendLine("Audit (latest last)");
        foreach (var record in Audit)
            text.AppendLine($"  {record.TimeUtc:u}  {record.Actor}  {(Hosts.Count > 1 ? $"{record.Host ?? "-",-22} " : "")}{record.Step,-26} {record.Outcome,-9} {record.Release}{(record.Message == null ? "" : "  " + record.Message)}");
        return text.ToString();
    }

    private void AppendFleet(StringBuilder text)
    {
        text.AppendLine($"Target       {Target}");
        text.AppendLine($"Fleet        {Fleet.Description}");
        var rows = Hosts.Select(h => new[]
        {
            h.Host,
            h.Error != null ? "UNREACHABLE" : h.Edge == null ? "not running" : $"{h.Url} PID {h.Edge.Pid}",
            h.Error != null ? h.Error : h.LiveRelease == null ? "none" : $"{h.LiveVersion} ({h.LiveRelease})",
            h.Error != null ? "" : string.Join(", ", h.Slots.Select(s => s.Status == SlotStatus.Empty ? $"{s.Name} empty" : $"{s.Name} {s.Status.ToWire()} {s.Version}")),
            h.Error != null ? "" : h.Weights,
            h.Error != null ? "" : h.Warm,
            h.Maintenance == null ? "" : h.Maintenance.On ? "ON" : "off",
        }).Prepend(["HOST", "EDGE", "LIVE", "SLOTS", "WEIGHTS", "WARM", "MAINTENANCE"]).ToList();
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            text.AppendLine("  " + string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        foreach (var host in Hosts.Where(h => h.EdgeRecovery != null))
            text.AppendLine($"Edge crash   {host.Host}: the previous edge (PID {host.EdgeRecovery!.DeadPid}) died; down about {host.EdgeRecovery.Down.TotalSeconds:0.0} s");
    }

    private static void AppendHost(StringBuilder text, HostStatus host)
    {
        if (host.Error != null)
        {
            text.AppendLine($"Edge         UNREACHABLE ({host.Error})");
            return;
        }

        if (host.Edge == null)
        {
            text.AppendLine("Edge         not running (nothing serves this environment)");
            return;
        }

        var edge = host.Edge;
        text.AppendLine($"Edge         {host.Url}  (PID {edge.Pid}, edge {edge.Version}, up since {edge.StartedUtc:u})");
        if (host.EdgeRecovery is { } recovery)
            text.AppendLine($"Edge crash   the previous edge (PID {recovery.DeadPid}) died; last seen alive {recovery.LastSeenAliveUtc:u}, " +
                            $"restarted {recovery.RestartedUtc:u}: down about {recovery.Down.TotalSeconds:0.0} s; adopted " +
                            (recovery.Adopted.Count == 0 ? "no release process" : string.Join(", ", recovery.Adopted)));
        text.AppendLine($"Maintenance  {(host.Maintenance!.On ? $"ON (Retry-After {host.Maintenance.RetryAfterSeconds} s)" : "off")}");
        var live = host.Slots.FirstOrDefault(s => s.Weight > 0);
        text.AppendLine($"Live         {(live == null ? "none" : $"{live.Version} ({live.Release}) in slot {live.Name}")}");
        text.AppendLine($"Traffic      {host.Weights}");
        foreach (var slot in host.Slots)
        {
            var detail = slot.Status == SlotStatus.Empty
                ? "empty"
                : $"{slot.Status.ToWire(),-8} {slot.Version} ({slot.Release}) port {slot.Port} PID {slot.Pid}" +
                  (slot.Weight == 0 && slot.Status == SlotStatus.Running ? " warm" : "") +
                  (slot.StopAtUtc is { } stop ? $", stops at {stop:u}" : "");
            text.AppendLine($"Slot {slot.Name,-7} {detail}");
        }
    }
}
