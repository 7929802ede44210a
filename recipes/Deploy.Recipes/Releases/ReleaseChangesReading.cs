using Deploy.Recipes.Audit;

namespace Deploy.Recipes.Releases;

/// <summary>
/// "What changed": what a release brings since the one live in the environment, from the release history (the live
/// release's commit, digest and app-setting fingerprints), git and what the caller read of the database. Whatever cannot
/// be known goes into <see cref="ReleaseChanges.Unknown"/> with its reason, never a guess.
/// </summary>
public static class ReleaseChangesReading
{
    /// <summary>What the release built from <paramref name="commit"/> brings since the live release of <paramref name="history"/>.</summary>
    /// <param name="repository">The repository the release was built from (any folder inside it).</param>
    /// <param name="history">The environment's release history, oldest first.</param>
    /// <param name="commit">The release's commit (its manifest's), or null when it was not built from git.</param>
    /// <param name="digest">The release's artifact digest ("" when it is not packaged yet: a dry run).</param>
    /// <param name="appSettings">The app settings this run gives the release (<c>KEY=VALUE</c>).</param>
    /// <param name="pendingMigrations">The release's migrations the database has not applied, or null when they cannot be known.</param>
    /// <param name="migrationsUnknown">Why they cannot be known, when <paramref name="pendingMigrations"/> is null.</param>
    public static ReleaseChanges Read(
        string repository, IReadOnlyList<ReleaseRecord> history, string? commit, string digest, IReadOnlyList<string> appSettings,
        IReadOnlyList<string>? pendingMigrations, string? migrationsUnknown = null)
    {
        var unknown = new List<string>();
        var live = history.LastOrDefault(r => r.Outcome == ReleaseOutcome.Live);
        // A record written by a rollback or a reconciliation has no commit of its own: an earlier record of the same release has.
        T? Kept<T>(Func<ReleaseRecord, T?> field) where T : class =>
            live == null ? null : field(live) ?? history.Where(r => r.Id == live.Id).Select(field).LastOrDefault(value => value != null);
        var liveCommit = Kept(r => r.Commit);

        CommitRange? commits = null;
        if (commit == null)
            unknown.Add("commits: this release's commit is unknown (it was not built from a git repository)");
        else if (live != null && liveCommit == null)
            unknown.Add($"commits: the live release {live.Id} recorded no commit (released before releases kept theirs, or built outside git)");
        else if (GitCommits.Between(repository, liveCommit, commit, out var why) is { } brought)
            commits = GitCommits.Summarize(liveCommit, commit, brought);
        else
            unknown.Add($"commits: {why}");

        IReadOnlyList<string> added = [], removed = [], changed = [];
        if (live == null)
            added = AppSettingFingerprints.KeysOf(appSettings);
        else if (Kept(r => r.AppSettings) is { } fingerprints)
            (added, removed, changed) = fingerprints.Compare(appSettings);
        else
            unknown.Add($"app settings: the live release {live.Id} recorded no fingerprints of its settings, so added, removed and changed keys cannot be told");

        if (pendingMigrations == null)
            unknown.Add($"migrations: {migrationsUnknown ?? "not known"}");

        return new ReleaseChanges(live?.Id, commits, pendingMigrations ?? [], added, removed, changed, digest, Kept(r => r.Digest), unknown);
    }
}
