namespace Deploy.Recipes.Releases;

/// <summary>One release's life in an environment.</summary>
/// <param name="Id">The installed release's id (<c>&lt;version&gt;-&lt;digest&gt;</c>).</param>
/// <param name="Version">The version it reports.</param>
/// <param name="Slot">The slot it ran in.</param>
/// <param name="StartedUtc">When its deploy (or rollback to it) began.</param>
/// <param name="Outcome">See <see cref="ReleaseOutcome"/>.</param>
/// <param name="Reason">Why it ended as it did (for failures and rollbacks).</param>
/// <param name="Actor">Who released it.</param>
/// <param name="SchemaVersion">The newest migration the release carries (null when the app declares no database).</param>
/// <param name="Schema">
/// What a rollback to this release did to the database (<see cref="SchemaOutcome"/>); null when no rollback touched it.
/// </param>
/// <param name="WatchUntilUtc">
/// While the release is watched after it took all traffic (the previous release still warm): when the watch ends.
/// Null when no watch runs.
/// </param>
/// <param name="Canary">How far the release got as a canary (<see cref="CanaryProgress"/>); null for other strategies.</param>
/// <param name="Commit">The git commit the release was built from (its manifest's), when known: where the next release's "what changed" starts.</param>
/// <param name="Digest">The artifact's full digest (its manifest's SHA-256).</param>
/// <param name="AppSettings">Its app-setting keys with salted fingerprints of their values, so the next release can tell which keys changed.</param>
/// <param name="Image">An image release's image reference by digest (<c>repository@sha256:...</c>): what every host pulled and runs; null for a folder release.</param>
public sealed record ReleaseRecord(
    string Id, string Version, string Slot, DateTimeOffset StartedUtc, string Outcome, string? Reason, string Actor, long? SchemaVersion = null, string? Schema = null,
    DateTimeOffset? WatchUntilUtc = null, CanaryProgress? Canary = null, string? Commit = null, string? Digest = null, AppSettingFingerprints? AppSettings = null,
    string? Image = null)
{
    /// <summary>
    /// This record with what an earlier record of the same release says it runs (commit, artifact digest, app-setting
    /// fingerprints, image): a release that serves again (rolled back to, switched back to, found live) runs what it ran.
    /// </summary>
    public ReleaseRecord WithArtifactOf(ReleaseRecord? earlier) =>
        earlier == null ? this : this with { Commit = earlier.Commit, Digest = earlier.Digest, AppSettings = earlier.AppSettings, Image = earlier.Image };
}

/// <summary>The outcomes a release can have in an environment's history.</summary>
public static class ReleaseOutcome
{
    /// <summary>Being deployed now (or the run died while deploying it).</summary>
    public const string Deploying = "deploying";

    /// <summary>Serving customers.</summary>
    public const string Live = "live";

    /// <summary>Was live, replaced by a later good release: a rollback target.</summary>
    public const string Superseded = "superseded";

    /// <summary>Never became live, or failed its checks and was switched away from automatically.</summary>
    public const string Failed = "failed";

    /// <summary>Was live and was rolled back by an operator.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>Was live when the environment was taken down.</summary>
    public const string Stopped = "stopped";

    /// <summary>Its deploy was interrupted (SIGINT/SIGTERM) before verification passed; traffic went back to the release before it.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Running beside the live release as a canary, with part of the traffic (or paused there).</summary>
    public const string Canary = "canary";

    /// <summary>Was a canary and was aborted (automatically on a failed verdict, or by an operator); the stable release stayed live.</summary>
    public const string Aborted = "aborted";
}
