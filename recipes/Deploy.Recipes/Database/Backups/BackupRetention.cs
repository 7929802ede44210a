namespace Deploy.Recipes.Database.Backups;

/// <summary>Which of an environment's backups pruning removes: a pure judgement over their sidecars.</summary>
public static class BackupRetention
{
    /// <summary>
    /// The backups to remove so that the newest <paramref name="keep"/> (by the time recorded in each) remain, and
    /// never the newest safety backup: it holds the database as it was before the last restore, the only way back from
    /// a restore of the wrong backup.
    /// </summary>
    public static IReadOnlyList<BackupRecord> ToRemove(IReadOnlyList<BackupRecord> backups, int keep)
    {
        if (keep < 1)
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "Keep at least one backup.");
        var newestFirst = backups.OrderByDescending(b => b.CreatedUtc).ThenByDescending(b => b.File, StringComparer.Ordinal).ToList();
        var lastSafety = newestFirst.FirstOrDefault(b => b.IsSafetyBackup);
        return newestFirst.Skip(keep).Where(b => b != lastSafety).ToList();
    }
}
