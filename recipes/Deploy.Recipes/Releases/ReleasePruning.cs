namespace Deploy.Recipes.Releases;

/// <summary>
/// Which installed releases may be removed. Installed releases are shared by every environment on the machine, so
/// <c>keep-releases</c> counts per environment, and a release that any environment runs, keeps warm or would roll back
/// to is never removed, however many newer releases another environment has installed since.
/// </summary>
public static class ReleasePruning
{
    /// <summary>
    /// The releases to remove. A release is kept when it is among the newest <paramref name="keep"/> releases of any
    /// environment's history, is live or being deployed there, is that environment's default rollback target, or
    /// runs in any slot (<paramref name="running"/>). Releases no history names yet (installed by a deploy that has
    /// not recorded them) keep their newest <paramref name="keep"/> by install time.
    /// </summary>
    /// <param name="installedNewestFirst">Installed release ids, newest install first.</param>
    /// <param name="histories">Every environment's release records, oldest first, by environment.</param>
    /// <param name="running">Release ids that run in a slot of any environment (live or warm).</param>
    /// <param name="keep">Releases to keep per environment (at least 1).</param>
    public static IReadOnlyList<string> Removable(
        IReadOnlyList<string> installedNewestFirst,
        IReadOnlyDictionary<string, IReadOnlyList<ReleaseRecord>> histories,
        IReadOnlySet<string> running,
        int keep)
    {
        keep = Math.Max(keep, 1);
        var kept = new HashSet<string>(running, StringComparer.Ordinal);
        foreach (var records in histories.Values)
            kept.UnionWith(KeptBy(records, keep));

        var named = histories.Values.SelectMany(r => r).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        kept.UnionWith(installedNewestFirst.Where(id => !named.Contains(id)).Take(keep));
        return installedNewestFirst.Where(id => !kept.Contains(id)).ToList();
    }

    /// <summary>What one environment needs: its newest releases, what it runs or deploys, and its rollback target.</summary>
    public static IEnumerable<string> KeptBy(IReadOnlyList<ReleaseRecord> records, int keep)
    {
        var newest = records.Reverse().Select(r => r.Id).Distinct(StringComparer.Ordinal).Take(keep);
        var inUse = records.Where(r => r.Outcome is ReleaseOutcome.Live or ReleaseOutcome.Deploying).Select(r => r.Id);
        var live = records.LastOrDefault(r => r.Outcome == ReleaseOutcome.Live)?.Id;
        var previous = ReleaseHistory.PreviousGoodOf(records, live)?.Id;
        return newest.Concat(inUse).Concat(previous == null ? [] : [previous]);
    }
}
