using System.Text.Json;

namespace Deploy.Recipes.Tests.Fleet;

/// <summary>One audit record, as the fleet tests and the fleet benchmark read it.</summary>
internal sealed record FleetAuditRecord(DateTimeOffset Time, string Step, string Outcome, string? Host, string? Release, double? DurationMs, string? Message)
{
    public static FleetAuditRecord Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var record = json.RootElement;
        string? Text(string name) => record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new FleetAuditRecord(
            record.GetProperty("timeUtc").GetDateTimeOffset(),
            record.GetProperty("step").GetString()!,
            record.GetProperty("outcome").GetString()!,
            Text("host"),
            Text("release"),
            record.TryGetProperty("durationMs", out var duration) && duration.ValueKind == JsonValueKind.Number ? duration.GetDouble() : null,
            Text("message"));
    }
}
