using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Deploy.Recipes.Audit;

/// <summary>
/// The hash chain of an audit trail, as pure functions over its bytes: where the next record links on
/// (<see cref="Next"/>) and whether a trail is intact (<see cref="Verify"/>). Each chained record carries its sequence
/// and the SHA-256 of the previous line's exact bytes, so an edited line breaks the link of the line after it, a
/// removed or reordered line breaks the sequence, and the anchor (<see cref="AuditAnchor"/>) shows lines cut from the end.
/// </summary>
public static class AuditChain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>SHA-256 of <paramref name="line"/> (its bytes without the line end), lower-case hex.</summary>
    public static string Hash(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line));

    /// <summary>
    /// The sequence and previous hash of the record appended after <paramref name="lastLine"/> (the trail's last line
    /// without its line end, null when the trail is empty), given the trail's <paramref name="anchor"/>.
    /// </summary>
    /// <remarks>
    /// When the trail's end does not match the anchor (lines were cut, or the last one edited), the record links on the
    /// anchor rather than on what is left, so the gap stays visible to <see cref="Verify"/> instead of being bridged.
    /// A last line that extends the anchor by exactly one record is a writer that stopped between its line and its
    /// anchor: that line is linked on.
    /// </remarks>
    public static AuditLink Next(byte[]? lastLine, AuditAnchor? anchor)
    {
        if (lastLine == null)
            return anchor == null ? new AuditLink(1, null) : new AuditLink(anchor.Sequence + 1, anchor.Hash);
        var hash = Hash(lastLine);
        var last = Parse(lastLine);
        if (anchor == null)
            return new AuditLink((last?.Sequence ?? 0) + 1, hash);
        if (last?.Sequence == anchor.Sequence && hash == anchor.Hash)
            return new AuditLink(anchor.Sequence + 1, hash);
        if (last?.Sequence == anchor.Sequence + 1 && last.PreviousHash == anchor.Hash)
            return new AuditLink(anchor.Sequence + 2, hash);
        return new AuditLink(anchor.Sequence + 1, anchor.Hash);
    }

    /// <summary>
    /// Checks a whole trail: every line parses as a record; records before the first chained one are an unchained
    /// prefix (written before the chain existed); from there every record is chained, its sequence one more than the
    /// last, its previous hash that of the line before; and the anchor (<paramref name="anchorText"/>, null when there
    /// is no anchor file) names the last record. Returns the first break found, if any.
    /// </summary>
    public static AuditVerdict Verify(ReadOnlySpan<byte> content, string? anchorText)
    {
        var lines = Split(content, out var cutOff);
        var unchained = 0;
        int? firstChained = null;
        long expected = 1;
        string? previousHash = null;
        AuditRecord? last = null;
        var head = anchorText == null ? null : AuditAnchor.Parse(anchorText);

        AuditVerdict Broken(int line, string what, string wanted, string found) =>
            new(lines.Count, unchained, firstChained, new AuditBreak(line, what, wanted, found), head);

        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            if (i == lines.Count - 1 && cutOff)
                return Broken(number, "the line is cut off (no line end): the file was truncated mid-line", "a whole record ending in a line end", Quote(lines[i]));
            var record = Parse(lines[i]);
            if (record == null)
                return Broken(number, "the line is not an audit record", "a JSON audit record", Quote(lines[i]));
            var hash = Hash(lines[i]);
            if (record.Sequence == null)
            {
                if (firstChained != null)
                    return Broken(number, "a record without a sequence inside the chain", $"sequence {expected}", "no sequence");
                unchained++;
                previousHash = hash;
                continue;
            }

            firstChained ??= number;
            if (record.Sequence != expected)
            {
                var what = record.Sequence > expected
                    ? $"{record.Sequence - expected} record(s) missing before this line, or lines out of order"
                    : "a record repeated or out of order";
                return Broken(number, what, $"sequence {expected}", $"sequence {record.Sequence}");
            }

            if (record.PreviousHash != previousHash)
            {
                return i == 0
                    ? Broken(number, "the first line links on a line that is not there: lines were removed from the start", "no previous hash", Short(record.PreviousHash))
                    : Broken(number - 1, $"line {number - 1} was changed (or the previous hash line {number} recorded for it was): the hashes differ", $"hash {Short(record.PreviousHash)}", $"hash {Short(previousHash)}");
            }

            previousHash = hash;
            last = record;
            expected++;
        }

        var end = lines.Count + 1;
        if (anchorText != null && head == null)
            return Broken(end, "the anchor file cannot be read", "{\"sequence\":N,\"hash\":\"<64 hex>\"}", Quote(Encoding.UTF8.GetBytes(anchorText.Trim())));
        if (last == null)
        {
            return head == null
                ? new AuditVerdict(lines.Count, unchained, null, null, null)
                : Broken(end, $"the anchor says the trail runs to record {head.Sequence}, but no chained record is left", "sequence 1", "end of file");
        }

        if (head == null)
            return Broken(end, "the anchor file is missing, so lines cut from the end could not be seen", $"an anchor at sequence {last.Sequence}", "no anchor");
        if (head.Sequence == last.Sequence && head.Hash == previousHash)
            return new AuditVerdict(lines.Count, unchained, firstChained, null, head);
        // The writer appends its line, then replaces the anchor: one stopped in between leaves the anchor one record behind.
        if (head.Sequence == last.Sequence - 1 && last.PreviousHash == head.Hash)
            return new AuditVerdict(lines.Count, unchained, firstChained, null, head);
        if (head.Sequence > last.Sequence)
            return Broken(end, $"{head.Sequence - last.Sequence} record(s) missing at the end: the anchor says the trail runs to record {head.Sequence}", $"sequence {last.Sequence + 1}", "end of file");
        if (head.Sequence == last.Sequence)
            return Broken(lines.Count, $"line {lines.Count} was changed: the anchor recorded another hash for it", $"hash {Short(head.Hash)}", $"hash {Short(previousHash)}");
        var pastAnchor = (int)(firstChained!.Value + head.Sequence);
        return Broken(pastAnchor, "records past the anchor: lines were appended by something other than the trail's writer, or the anchor was replaced",
            $"the trail to end at sequence {head.Sequence}", $"sequence {last.Sequence}");
    }

    /// <summary>The record <paramref name="line"/> holds; null when it is not one.</summary>
    public static AuditRecord? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditRecord>(line, Json) is { Step: not null, Outcome: not null } record ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The lines of <paramref name="content"/> without their line ends; <paramref name="cutOff"/> says the last had none.</summary>
    private static List<byte[]> Split(ReadOnlySpan<byte> content, out bool cutOff)
    {
        var lines = new List<byte[]>();
        while (content.Length > 0)
        {
            var end = content.IndexOf((byte)'\n');
            if (end < 0)
            {
                lines.Add(content.ToArray());
                cutOff = true;
                return lines;
            }

            lines.Add(content[..end].ToArray());
            content = content[(end + 1)..];
        }

        cutOff = false;
        return lines;
    }

    private static string Short(string? hash) => hash == null ? "none" : hash.Length > 12 ? hash[..12] + "…" : hash;

    private static string Quote(byte[] line)
    {
        var text = Encoding.UTF8.GetString(line);
        return text.Length == 0 ? "an empty line" : "'" + (text.Length > 60 ? text[..60] + "…" : text) + "'";
    }
}

/// <summary>Where a new record links on: its sequence and the hash of the line before it.</summary>
/// <param name="Sequence">The record's sequence.</param>
/// <param name="PreviousHash">SHA-256 (lower-case hex) of the line before it; null for a trail's first line.</param>
public readonly record struct AuditLink(long Sequence, string? PreviousHash);
