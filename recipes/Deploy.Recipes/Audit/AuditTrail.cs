using System.Diagnostics;
using System.Text.Json;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Audit;

/// <summary>
/// The environment's append-only audit trail (<c>.deploy/audit/&lt;environment&gt;.jsonl</c>). Every step that
/// changes something writes a record before it starts and one when it ends, so even a run killed halfway leaves a
/// "started" without an end that says where it stopped. The trail is hash-chained: each record carries its sequence and
/// the SHA-256 of the line before it, and the anchor beside the trail (<see cref="AuditAnchor"/>) names the last one, so
/// <see cref="AuditChain.Verify"/> (<c>--target=VerifyAudit</c>) finds an edited, removed or cut-off line. Appends
/// take a lock shared with other processes (<see cref="AuditWriteLock"/>), and every field of a record passes through
/// the run's secret mask.
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

    /// <summary>
    /// Checks the whole trail and its anchor (<see cref="AuditChain.Verify"/>), read under the write lock so a writer
    /// appending at the same moment is seen whole or not at all. Writes nothing when there is no trail.
    /// </summary>
    public AuditVerdict Verify()
    {
        if (!System.IO.File.Exists(file))
            return AuditChain.Verify([], ReadAnchorText());
        using var reading = AuditWriteLock.Take(file);
        byte[] content;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            content = new byte[stream.Length];
            stream.ReadExactly(content);
        }

        return AuditChain.Verify(content, ReadAnchorText());
    }

    private string? ReadAnchorText() => AuditAnchor.PathOf(file) is var anchor && System.IO.File.Exists(anchor) ? System.IO.File.ReadAllText(anchor) : null;

    private static string? Describe(object? result) => result switch
    {
        null => null,
        string text => text,
        _ => result.ToString(),
    };

    private void Append(AuditRecord record)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // Every field: messages and results come from exceptions and tools, and even a release name or a host can be
        // built from a value that turns out to be secret; the record must not carry what the mask knows.
        record = record with
        {
            Actor = _secrets.Apply(record.Actor),
            Environment = _secrets.Apply(record.Environment),
            Release = Masked(record.Release),
            Step = _secrets.Apply(record.Step),
            Outcome = _secrets.Apply(record.Outcome),
            Message = Masked(record.Message),
            Host = Masked(record.Host),
            Inputs = record.Inputs?
                .Select(i => (Key: _secrets.Apply(i.Key), Value: _secrets.Apply(i.Value)))
                .DistinctBy(i => i.Key, StringComparer.Ordinal)
                .ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal),
        };
        using var writing = AuditWriteLock.Take(file);
        using var stream = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        var (last, endsWithLineEnd) = LastLine(stream);
        var anchorFile = AuditAnchor.PathOf(file);
        var link = AuditChain.Next(last, AuditAnchor.Read(anchorFile));
        var bytes = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record with { Sequence = link.Sequence, PreviousHash = link.PreviousHash }, Json));
        stream.Seek(0, SeekOrigin.End);
        // A line cut off mid-way (a full disk, an edit) is ended first: it stays as evidence, and this record stays whole.
        if (!endsWithLineEnd)
            stream.WriteByte((byte)'\n');
        stream.Write([.. bytes, (byte)'\n']);
        stream.Flush();
        new AuditAnchor(link.Sequence, AuditChain.Hash(bytes)).Write(anchorFile);
    }

    private string? Masked(string? text) => text == null ? null : _secrets.Apply(text);

    /// <summary>The trail's last line without its line end (null when empty), and whether the file ends with a line end.</summary>
    private static (byte[]? Line, bool EndsWithLineEnd) LastLine(FileStream stream)
    {
        var length = stream.Length;
        if (length == 0)
            return (null, true);
        // Read backwards in blocks until the line end before the last line is in view.
        var block = 4096;
        while (true)
        {
            var start = Math.Max(0, length - block);
            var buffer = new byte[length - start];
            stream.Seek(start, SeekOrigin.Begin);
            stream.ReadExactly(buffer);
            var endsWithLineEnd = buffer[^1] == (byte)'\n';
            var body = endsWithLineEnd ? buffer.AsSpan(0, buffer.Length - 1) : buffer.AsSpan();
            var before = body.LastIndexOf((byte)'\n');
            if (before >= 0 || start == 0)
                return (body[(before + 1)..].ToArray(), endsWithLineEnd);
            block *= 4;
        }
    }
}
