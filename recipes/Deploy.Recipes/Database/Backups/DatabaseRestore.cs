using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Database.Backups;

/// <summary>
/// Replaces an environment's database with a backup without losing what it replaces:
/// <list type="number">
/// <item>the backup is restored beside the live database (<see cref="IDatabaseEngine.StageRestore"/>): a damaged
/// backup fails here, with the live database untouched and customers never held back;</item>
/// <item>the restored schema version is compared with the live release's (<see cref="RestoreFit"/>): a mismatch is
/// refused unless forced, still before anything changed;</item>
/// <item>customers are held back (maintenance mode), so nothing writes between the next two steps;</item>
/// <item>a safety backup of the live database is taken (after the hold, so it holds the last customer write);</item>
/// <item>the staged copy replaces the live database in one atomic step;</item>
/// <item>customers are let back in, also when a step failed.</item>
/// </list>
/// </summary>
public sealed class DatabaseRestore(EnvironmentDatabase database, Action<string> report)
{
    /// <summary>Restores <paramref name="backupFile"/>; see the class summary for the order of things.</summary>
    /// <param name="backupFile">The backup to restore.</param>
    /// <param name="liveVersion">The schema version the live release runs on; null when nothing is live.</param>
    /// <param name="liveSource">What <paramref name="liveVersion"/> is, for messages ("the live release 1.4.0").</param>
    /// <param name="force">Restore even when the schema versions differ.</param>
    /// <param name="holdCustomers">Holds customers back until the returned handle is disposed.</param>
    public async Task<RestoreOutcome> RunAsync(string backupFile, long? liveVersion, string liveSource, bool force, Func<Task<IAsyncDisposable>> holdCustomers)
    {
        database.CheckKeepBackups();
        report($"RestoreDatabase: restoring {backupFile} beside the live database.");
        using var staged = database.Engine.StageRestore(backupFile, database.Connection);
        var backupVersion = database.Engine.SchemaVersion(staged.Connection);
        if (RestoreFit.Refusal(backupFile, backupVersion, liveVersion, liveSource, force) is { } refusal)
            throw new RecipeUsageException(refusal);
        if (force && liveVersion != null && backupVersion != liveVersion)
            report($"RestoreDatabase: --force: restoring schema version {backupVersion?.ToString() ?? "none"} under {liveSource} at schema version {liveVersion}.");

        await using (await holdCustomers())
        {
            var safety = database.BackUp(BackupReason.BeforeRestore);
            if (safety != null)
                report($"RestoreDatabase: safety backup of the database being replaced: {safety.File} (restore it with --backup={safety.File} to undo this restore).");
            else
                report("RestoreDatabase: there is no database to replace yet: no safety backup needed.");
            foreach (var pruned in safety?.Pruned ?? [])
                report($"RestoreDatabase: pruned the backup {pruned.File} (keep-backups {database.KeepBackups}).");
            staged.Replace();
            return new RestoreOutcome(backupFile, backupVersion, safety?.File, staged.Method);
        }
    }
}

/// <summary>What a restore did.</summary>
/// <param name="Backup">The backup restored.</param>
/// <param name="SchemaVersion">The schema version it held.</param>
/// <param name="SafetyBackup">The safety backup of the replaced database; null when there was none to replace.</param>
/// <param name="Method">How the engine staged and swapped.</param>
public sealed record RestoreOutcome(string Backup, long? SchemaVersion, string? SafetyBackup, string Method);
