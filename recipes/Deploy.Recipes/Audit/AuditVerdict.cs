using System.Text.Json;

namespace Deploy.Recipes.Audit;

/// <summary>What <see cref="AuditChain.Verify"/> found in a trail.</summary>
/// <param name="Records">How many lines the trail has.</param>
/// <param name="UnchainedLines">How many lines at its start were written before the trail was chained.</param>
/// <param name="FirstChainedLine">The line the chain starts on; null when no record is chained.</param>
/// <param name="Break">The first broken or missing line; null when the trail is intact.</param>
/// <param name="Anchor">The anchor the trail was checked against, when it had one that could be read.</param>
public sealed record AuditVerdict(int Records, int UnchainedLines, int? FirstChainedLine, AuditBreak? Break, AuditAnchor? Anchor)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>True when nothing is broken or missing.</summary>
    public bool Intact => Break == null;

    /// <summary>One paragraph for people.</summary>
    public string ToText(string file)
    {
        if (Break is { } broken)
            return $"Audit trail {file} is broken at line {broken.Line}: {broken.What}. Expected {broken.Expected}; found {broken.Found}.";
        var text = Records == 0
            ? $"0 records in {file}: nothing to check"
            : FirstChainedLine is { } first
                ? $"{Records} records, chain intact (lines {first}-{Records})"
                : $"{Records} records, none chained";
        if (UnchainedLines > 0)
            text += $"; lines 1-{UnchainedLines} were written before the trail was chained and are not covered";
        if (Anchor != null && Records > 0)
            text += $"; head: record {Anchor.Sequence}, hash {Anchor.Hash}";
        return text + ".";
    }

    /// <summary>The verdict as JSON for scripts.</summary>
    public string ToJson(string file) => JsonSerializer.Serialize(new
    {
        file,
        intact = Intact,
        records = Records,
        unchainedLines = UnchainedLines,
        chainedLines = FirstChainedLine is { } first ? new { first, last = Break == null ? Records : (int?)null } : null,
        @break = Break,
        anchor = Anchor,
    }, Json);
}

/// <summary>The first broken or missing line of a trail.</summary>
/// <param name="Line">Its line number (1-based; one past the last line when lines are missing at the end).</param>
/// <param name="What">What is wrong, in a sentence.</param>
/// <param name="Expected">What should have been there.</param>
/// <param name="Found">What was there.</param>
public sealed record AuditBreak(int Line, string What, string Expected, string Found);
