namespace Deploy.Recipes.Audit;

/// <summary>
/// What a release brings since the one live before it: the plan's "what changed", recorded in the audit, told to every
/// channel and shown in the report. Names only: app-setting values never appear, not even hashed.
/// </summary>
/// <param name="Previous">The live release it replaces (id), or null for a first release.</param>
/// <param name="Commits">The commits between the live release's commit and this one's; null when either commit is unknown.</param>
/// <param name="PendingMigrations">Migrations the release carries that the environment's database has not applied (ids and names).</param>
/// <param name="SettingsAdded">App-setting keys this release has that the live one did not.</param>
/// <param name="SettingsRemoved">App-setting keys the live release had that this one does not.</param>
/// <param name="SettingsChanged">App-setting keys whose value differs from the live release's.</param>
/// <param name="Digest">The artifact's digest (SHA-256 over its files).</param>
/// <param name="PreviousDigest">The live release's artifact digest, when known.</param>
/// <param name="Unknown">What could not be known and why (no git repository, a shallow clone, a live release recorded before
/// its commit was kept, a database that could not be read): an empty list or null means everything above is complete.</param>
public sealed record ReleaseChanges(
    string? Previous,
    CommitRange? Commits,
    IReadOnlyList<string> PendingMigrations,
    IReadOnlyList<string> SettingsAdded,
    IReadOnlyList<string> SettingsRemoved,
    IReadOnlyList<string> SettingsChanged,
    string Digest,
    string? PreviousDigest,
    IReadOnlyList<string>? Unknown = null);

/// <summary>The commits a release brings (<c>from..to</c>, as <c>git log from..to</c> lists them).</summary>
/// <param name="From">The live release's commit (exclusive), or null for a first release (all history up to <paramref name="To"/>).</param>
/// <param name="To">This release's commit.</param>
/// <param name="Count">How many commits.</param>
/// <param name="Authors">Their authors' names, most commits first.</param>
/// <param name="Subjects">Their subject lines, newest first (at most 20; <paramref name="Count"/> says how many there are).</param>
/// <param name="First">The oldest commit brought (sha and subject).</param>
/// <param name="Last">The newest commit brought (sha and subject).</param>
/// <param name="OldestCommitUtc">The oldest brought commit's committer time: where DORA's lead time starts.</param>
public sealed record CommitRange(
    string? From,
    string To,
    int Count,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Subjects,
    string? First,
    string? Last,
    DateTimeOffset? OldestCommitUtc);
