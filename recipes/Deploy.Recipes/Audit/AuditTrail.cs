using System.Diagnostics;
using System.Text.Json;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Audit;

/// <summary>
/// The environment's append-only audit trail (<c>.deploy/audit/&lt;environment&gt;.jsonl</c>). Every step that
/// changes something writes a record before it starts and one when it ends, so even a run killed halfway leaves a
/// "started" without an end that says where it stopped.
/// </summary>
/// <param name="file">The trail's file.</param>
/// <param name="actor">Who runs the steps.</param>
/// <param name="environment">The environment.</param>
/// <param name="secrets">Secret values to mask in messages and inputs.</param>
/// <param name="hosts">What environment-wide records name as their host: the target's hosts, or <c>local</c>.</param>
public sealed class AuditTrail(string file, string actor, string environment, SecretMask? secrets = null, string? hosts = null)
{
    private readonly SecretMask _secrets = secrets ?? SecretMask.None;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The trail's file.</summary>
    public string File => file;

    /// <summary>Runs <paramref name="action"/> as an audited step.</summary>
    public Task<T> StepAsync<T>(string step, string? release, Func<Task<T>> action, IReadOnlyDictionary<string, string>? inputs = null) =>
        RecordAsync(step, release, hosts, action, inputs);

    /// <summary>Runs <paramref name="action"/> as an audited step of one host (its records name <paramref name="host"/>).</summary>
    public Task<T> HostStepAsync<T>(string step, string? release, string host, Func<Task<T>> action) =>
        RecordAsync(step, release, host, action, null);

    /// <summary>Runs <paramref name="action"/> as an audited step of one host (its records name <paramref name="host"/>).</summary>
    public Task HostStepAsync(string step, string? release, string host, Func<Task> action) =>
        RecordAsync<string?>(step, release, host, async () =>
        {
            await action();
            return null;
        }, null);

    private async Task<T> RecordAsync<T>(string step, string? release, string? host, Func<Task<T>> action, IReadOnlyDictionary<string, string>? inputs)
    {
        Append(new AuditRecord(DateTimeOffset.UtcNow, actor, environment, release, step, "started", null, null, inputs, host));
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await action();
            Append(new AuditRecord(DateTimeOffset.UtcNow, actor, environment, release, step, "succeeded", clock.Elapsed.TotalMilliseconds, Describe(result), null, host));
            return result;
        }
        catch (Exception failure)
        {
            Append(new AuditRecord(DateTimeOffset.UtcNow, actor, environment, release, step, "failed", clock.Elapsed.TotalMilliseconds, failure.Message, null, host));
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> as an audited step.</summary>
    public Task StepAsync(string step, string? release, Func<Task> action, IReadOnlyDictionary<string, string>? inputs = null) =>
        StepAsync<string?>(step, release, async () =>
        {
            await action();
            return null;
        }, inputs);

    /// <summary>Records something that happened without being a step of its own (an automatic rollback, say).</summary>
    public void Note(string step, string? release, string outcome, string message, string? host = null) =>
        Append(new AuditRecord(DateTimeOffset.UtcNow, actor, environment, release, step, outcome, null, message, null, host ?? hosts));

    /// <summary>Records something that happened, with inputs that say more (a release event and its changes, say).</summary>
    public void Record(string step, string? release, string outcome, string message, IReadOnlyDictionary<string, string> inputs, string? host = null) =>
        Append(new AuditRecord(DateTimeOffset.UtcNow, actor, environment, release, step, outcome, null, message, inputs, host ?? hosts));

    /// <summary>The last <paramref name="count"/> records, oldest first; unreadable lines are skipped.</summary>
    public IReadOnlyList<AuditRecord> Tail(int count)
    {
        if (!System.IO.File.Exists(file))
            return [];
        return System.IO.File.ReadLines(file)
            .TakeLast(count)
            .Select(line =>
            {
                try
                {
                    return JsonSerializer.Deserialize<AuditRecord>(line, Json);
                }
                catch (JsonException)
                {
                    return null;
                }
            })
            .OfType<AuditRecord>()
            .ToList();
    }

    private static string? Describe(object? result) => result switch
    {
        null => null,
        string text => text,
        _ => result.ToString(),
    };

    private void Append(AuditRecord record)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // One write per line on an append-only handle: concurrent writers interleave whole lines.
        // Messages and results come from exceptions and tools: they may quote a secret the inputs never showed.
        record = record with
        {
            Message = record.Message == null ? null : _secrets.Apply(record.Message),
            Inputs = record.Inputs?.ToDictionary(i => i.Key, i => _secrets.Apply(i.Value), StringComparer.Ordinal),
        };
        var line = JsonSerializer.Serialize(record, Json) + "\n";
        using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        stream.Write(bytes);
    }
}
