using System.Globalization;
using System.Text.Json;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Database.Backups;

/// <summary>
/// One environment's backups folder. A backup is complete when its sidecar (<c>&lt;file&gt;.json</c>, a
/// <see cref="BackupRecord"/>) exists: the engine writes the backup under a temporary name and moves it into place
/// when done, and the sidecar is written after that, so an interrupted backup is never listed, chosen or pruned.
/// </summary>
public sealed class BackupCatalog(string folder, string environment)
{
    private const string SidecarSuffix = ".json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The folder.</summary>
    public string Folder => folder;

    /// <summary>The full path of a listed backup.</summary>
    public string PathOf(BackupRecord backup) => Path.Combine(folder, backup.File);

    /// <summary>Backs up the database behind <paramref name="connection"/> and records it; returns the record.</summary>
    public BackupRecord Write(IDatabaseEngine engine, string connection, string reason)
    {
        var version = engine.SchemaVersion(connection);
        var created = DateTimeOffset.UtcNow;
        var name = $"{created:yyyyMMdd-HHmmss-fff}-schema-{version?.ToString(CultureInfo.InvariantCulture) ?? "none"}-{reason}";
        var extension = engine.Provider == "sqlite" ? ".db" : ".dump";
        var file = name + extension;
        for (var n = 2; File.Exists(Path.Combine(folder, file)); n++)
            file = $"{name}-{n}{extension}";

        var result = engine.Backup(connection, Path.Combine(folder, file));
        var record = new BackupRecord(file, created, environment, engine.Provider, version, reason, result.Bytes);
        AtomicFile.Write(Path.Combine(folder, file + SidecarSuffix), JsonSerializer.Serialize(record, Json));
        return record;
    }

    /// <summary>The complete backups (sidecar present and readable, file present with the recorded size), oldest first.</summary>
    public IReadOnlyList<BackupRecord> Complete()
    {
        if (!Directory.Exists(folder))
            return [];
        return Directory.GetFiles(folder, "*" + SidecarSuffix)
            .Select(Read)
            .OfType<BackupRecord>()
            .Where(b => new FileInfo(PathOf(b)) is { Exists: true } info && info.Length == b.Bytes)
            .OrderBy(b => b.CreatedUtc).ThenBy(b => b.File, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The backup a restore takes by default: the newest by recorded time that is not a restore's own safety backup
    /// (so running the same restore twice restores the same backup; a safety backup is restored by naming it).
    /// </summary>
    public BackupRecord? Newest() => Complete().LastOrDefault(b => !b.IsSafetyBackup);

    /// <summary>The record of <paramref name="file"/> when it is one of this folder's complete backups.</summary>
    public BackupRecord? Find(string file) =>
        Complete().FirstOrDefault(b => string.Equals(PathOf(b), Path.GetFullPath(file), StringComparison.Ordinal));

    /// <summary>Removes what <see cref="BackupRetention"/> says is beyond <paramref name="keep"/>; returns what it removed.</summary>
    public IReadOnlyList<BackupRecord> Prune(int keep)
    {
        var removed = BackupRetention.ToRemove(Complete(), keep);
        foreach (var backup in removed)
        {
            // Sidecar first: a backup whose removal is interrupted is no longer listed, rather than listed but gone.
            File.Delete(PathOf(backup) + SidecarSuffix);
            File.Delete(PathOf(backup));
        }

        return removed;
    }

    private BackupRecord? Read(string sidecar)
    {
        try
        {
            var record = JsonSerializer.Deserialize<BackupRecord>(File.ReadAllText(sidecar), Json);
            // A sidecar names only its own file: one edited to point elsewhere is not trusted.
            return record != null && record.File + SidecarSuffix == Path.GetFileName(sidecar) ? record : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}
