namespace Deploy.Recipes.Audit;

/// <summary>
/// One line of the audit trail: who did which step of which release in which environment, with what inputs
/// (secrets already redacted), how it ended and how long it took.
/// </summary>
/// <param name="TimeUtc">When the record was written.</param>
/// <param name="Actor">Who ran the step.</param>
/// <param name="Environment">The environment.</param>
/// <param name="Release">The release the step concerns, when there is one.</param>
/// <param name="Step">The step, for example <c>Deploy</c> or <c>Deploy/switch</c>.</param>
/// <param name="Outcome"><c>started</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="DurationMs">How long the step took (on the closing record).</param>
/// <param name="Message">What happened, in one line (the error on failure).</param>
/// <param name="Inputs">The step's inputs; settings marked secret show as ***.</param>
/// <param name="Host">
/// The host a per-host step ran on (<c>local</c>, or <c>user@address:port</c>); on environment-wide records the target's
/// hosts separated by <c>;</c>. Null on records written before targets had hosts.
/// </param>
/// <param name="Sequence">
/// The record's place in the chain (1, 2, 3, ...). Null on records written before the trail was chained.
/// </param>
/// <param name="PreviousHash">
/// SHA-256 (lower-case hex) of the previous line's exact bytes (without its line end); null on the first line of a
/// trail and on records written before the trail was chained. <see cref="AuditChain"/> checks it.
/// </param>
public sealed record AuditRecord(
    DateTimeOffset TimeUtc,
    string Actor,
    string Environment,
    string? Release,
    string Step,
    string Outcome,
    double? DurationMs,
    string? Message,
    IReadOnlyDictionary<string, string>? Inputs,
    string? Host = null,
    long? Sequence = null,
    string? PreviousHash = null);
