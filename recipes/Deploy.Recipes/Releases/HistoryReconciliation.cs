namespace Deploy.Recipes.Releases;

/// <summary>The release the edge sends customers to: the truth the history is reconciled with.</summary>
/// <param name="Id">The release id.</param>
/// <param name="Version">The version it reports.</param>
/// <param name="Slot">The slot it runs in.</param>
public sealed record ServedRelease(string Id, string Version, string Slot);

/// <summary>The history after reconciliation and one line per record that was corrected.</summary>
/// <param name="Records">All records, oldest first.</param>
/// <param name="Corrections">What was changed and why; empty when the history already matched the edge.</param>
public sealed record ReconciledHistory(IReadOnlyList<ReleaseRecord> Records, IReadOnlyList<string> Corrections);

/// <summary>
/// Brings an environment's history back in line with what its edge serves after a run died without finishing its
/// records (SIGKILL, power loss, a CI runner that vanished). The release customers are sent to is the truth: it is
/// recorded live; a release left "deploying" that does not serve is recorded failed; a release recorded live that
/// no longer serves is superseded (a later release took over) or rolled back (an older one did). Rollback then picks
/// its target from the corrected history.
/// </summary>
public static class HistoryReconciliation
{
    /// <summary>Reconciles <paramref name="records"/> with <paramref name="served"/> (null: the edge sends customers nowhere).</summary>
    /// <param name="records">The history, oldest first.</param>
    /// <param name="served">What the edge serves now.</param>
    /// <param name="actor">Who runs the reconciliation (for a record added for a release the history never saw).</param>
    /// <param name="now">The time of an added record.</param>
    public static ReconciledHistory Reconcile(IReadOnlyList<ReleaseRecord> records, ServedRelease? served, string actor, DateTimeOffset now)
    {
        var result = records.ToList();
        var corrections = new List<string>();
        var servedAt = served == null ? -1 : result.FindLastIndex(r => r.Id == served.Id);

        void Correct(int index, string outcome, string why)
        {
            var before = result[index];
            result[index] = before with { Outcome = outcome, Reason = why };
            corrections.Add($"{before.Version} ({before.Id}) was recorded '{before.Outcome}' but {why}: now '{outcome}'");
        }

        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Outcome != ReleaseOutcome.Deploying)
                continue;
            if (i == servedAt)
                Correct(i, ReleaseOutcome.Live, "it serves customers; the run deploying it ended before it finished (verification may not have completed)");
            else
                Correct(i, ReleaseOutcome.Failed, "it does not serve customers; the run deploying it ended before it went live");
        }

        var servedRecorded = servedAt >= 0 && result[servedAt].Outcome == ReleaseOutcome.Live;
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Outcome != ReleaseOutcome.Live || (servedRecorded && i == servedAt))
                continue;
            if (served == null)
                Correct(i, ReleaseOutcome.Stopped, "the edge sends customers to no release");
            else if (servedAt > i || servedAt < 0)
                Correct(i, ReleaseOutcome.Superseded, $"the edge serves {(servedAt < 0 ? "" : "the later release ")}{served.Version}");
            else
                Correct(i, ReleaseOutcome.RolledBack, $"the edge serves the earlier release {served.Version} (a rollback ended before it was recorded)");
        }

        if (served != null && !servedRecorded)
        {
            var known = servedAt >= 0 ? result[servedAt] : null;
            result.Add(new ReleaseRecord(served.Id, served.Version, served.Slot, now, ReleaseOutcome.Live,
                "found serving customers on the edge; the run that switched to it ended before recording it", actor, known?.SchemaVersion).WithArtifactOf(known));
            corrections.Add($"{served.Version} ({served.Id}) serves customers in slot {served.Slot} but was not recorded live: recorded 'live'");
        }

        return new ReconciledHistory(result, corrections);
    }
}
