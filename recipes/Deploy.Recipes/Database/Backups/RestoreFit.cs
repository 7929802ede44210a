namespace Deploy.Recipes.Database.Backups;

/// <summary>Whether a backup's schema fits the release that is live: a pure judgement.</summary>
public static class RestoreFit
{
    /// <summary>
    /// Null when the backup may be restored; otherwise why not. A backup at another schema version than the live
    /// release expects would leave that release running against tables it does not know, so it is refused unless
    /// <paramref name="force"/>. Nothing live to compare with (no release, no database) fits anything.
    /// </summary>
    public static string? Refusal(string backup, long? backupVersion, long? liveVersion, string liveSource, bool force)
    {
        if (liveVersion == null || backupVersion == liveVersion || force)
            return null;
        return $"The backup {backup} holds schema version {Describe(backupVersion)}, but {liveSource} is at schema version {liveVersion}: " +
               "restoring it would leave the live release on a schema it was not built for. Restore a backup of the same schema version, " +
               "deploy the release that matches the backup first, or rerun with --force to restore it anyway. Nothing was changed.";
    }

    private static string Describe(long? version) => version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (no migrations table)";
}
