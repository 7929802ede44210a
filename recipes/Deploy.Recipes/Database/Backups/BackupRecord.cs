namespace Deploy.Recipes.Database.Backups;

/// <summary>
/// What a backup's sidecar (<c>&lt;backup&gt;.json</c>) records about it. The sidecar is written only after the backup
/// file is complete and in place, so a backup without one (an interrupted run) is never chosen or counted.
/// </summary>
/// <param name="File">The backup's file name, inside the environment's backups folder.</param>
/// <param name="CreatedUtc">When the backup was taken: "newest" means the latest of these, whatever the file names say.</param>
/// <param name="Environment">The environment whose database it holds.</param>
/// <param name="Provider"><c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="SchemaVersion">The database's migration version when it was taken; null when it had no migrations table.</param>
/// <param name="Reason">Why it was taken (see <see cref="BackupReason"/>).</param>
/// <param name="Bytes">The backup file's size.</param>
public sealed record BackupRecord(string File, DateTimeOffset CreatedUtc, string Environment, string Provider, long? SchemaVersion, string Reason, long Bytes)
{
    /// <summary>True for the safety backup a restore takes of the database it replaces.</summary>
    public bool IsSafetyBackup => Reason == BackupReason.BeforeRestore;
}

/// <summary>Why a backup was taken; written into its sidecar and its file name.</summary>
public static class BackupReason
{
    /// <summary>Taken by Migrate before it applies migrations.</summary>
    public const string BeforeMigrate = "before-migrate";

    /// <summary>The safety backup RestoreDatabase takes of the database it is about to replace.</summary>
    public const string BeforeRestore = "before-restore";

    /// <summary>Taken before a schema rollback runs migrations down.</summary>
    public const string BeforeSchemaRollback = "before-schema-rollback";

    /// <summary>Taken on demand by the BackupDatabase task.</summary>
    public const string OnDemand = "on-demand";
}
