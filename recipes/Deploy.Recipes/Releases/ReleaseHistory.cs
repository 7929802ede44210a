using System.Text.Json;

namespace Deploy.Recipes.Releases;

/// <summary>
/// An environment's releases, newest last (<c>.deploy/&lt;environment&gt;/releases.json</c>). A file that cannot
/// be read stops the run with its path and nothing changed: guessing at a corrupt history could roll back to the
/// wrong release.
/// </summary>
public sealed class ReleaseHistory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string _file;
    private readonly List<ReleaseRecord> _records;

    private ReleaseHistory(string file, List<ReleaseRecord> records)
    {
        _file = file;
        _records = records;
    }

    /// <summary>All releases, oldest first.</summary>
    public IReadOnlyList<ReleaseRecord> Records => _records;

    /// <summary>The release live now, per the history.</summary>
    public ReleaseRecord? Live => _records.LastOrDefault(r => r.Outcome == ReleaseOutcome.Live);

    /// <summary>Reads the history; a missing file is an empty history.</summary>
    public static ReleaseHistory Load(string file)
    {
        if (!File.Exists(file))
            return new ReleaseHistory(file, []);
        try
        {
            var records = JsonSerializer.Deserialize<List<ReleaseRecord>>(File.ReadAllText(file), Json)
                          ?? throw new JsonException("the file holds null");
            if (records.Any(r => r is null || string.IsNullOrEmpty(r.Id) || string.IsNullOrEmpty(r.Outcome)))
                throw new JsonException("a record has no id or outcome");
            return new ReleaseHistory(file, records);
        }
        catch (JsonException corrupt)
        {
            throw new InvalidDataException(
                $"The release history {file} is corrupt ({corrupt.Message}). Nothing was changed. Restore it from a backup or move it aside; --target=Status shows what runs.");
        }
    }

    /// <summary>The newest release before the live one that was good when it was live: the default rollback target.</summary>
    public ReleaseRecord? PreviousGood(string? liveId) => PreviousGoodOf(_records, liveId);

    /// <summary>
    /// The newest record in <paramref name="records"/> of a release other than <paramref name="liveId"/> that was good
    /// when it was live (superseded by a later release, or stopped by Down). Failed, rolled-back and unfinished
    /// releases never qualify: rolling back must not land on a release that already let customers down.
    /// </summary>
    public static ReleaseRecord? PreviousGoodOf(IReadOnlyList<ReleaseRecord> records, string? liveId) =>
        records.LastOrDefault(r => r.Id != liveId && r.Outcome is ReleaseOutcome.Superseded or ReleaseOutcome.Stopped);

    /// <summary>The newest record of the release with this id or version.</summary>
    public ReleaseRecord? Find(string idOrVersion) =>
        _records.LastOrDefault(r => r.Id == idOrVersion) ?? _records.LastOrDefault(r => r.Version == idOrVersion);

    /// <summary>Appends a record and saves.</summary>
    public void Add(ReleaseRecord record)
    {
        _records.Add(record);
        Save();
    }

    /// <summary>Changes the newest record of <paramref name="id"/> (if any) and saves.</summary>
    public void SetOutcome(string id, string outcome, string? reason = null)
    {
        var index = _records.FindLastIndex(r => r.Id == id);
        if (index < 0)
            return;
        _records[index] = _records[index] with { Outcome = outcome, Reason = reason ?? _records[index].Reason };
        Save();
    }

    /// <summary>The canary running beside the live release, if one is in progress (deploying it, paused, or being promoted or aborted).</summary>
    public ReleaseRecord? CanaryInProgress => _records.LastOrDefault(r => r.Outcome == ReleaseOutcome.Canary && r.Canary is { InProgress: true });

    /// <summary>Saves <paramref name="progress"/> on the newest record of <paramref name="id"/>.</summary>
    public void SetCanary(string id, CanaryProgress progress)
    {
        var index = _records.FindLastIndex(r => r.Id == id);
        if (index < 0)
            return;
        _records[index] = _records[index] with { Canary = progress };
        Save();
    }

    /// <summary>Records on the newest record of <paramref name="id"/> what a rollback did to the database (a <see cref="SchemaOutcome"/>) and saves.</summary>
    public void SetSchema(string id, string schemaOutcome, string reason)
    {
        var index = _records.FindLastIndex(r => r.Id == id);
        if (index < 0)
            return;
        _records[index] = _records[index] with { Schema = schemaOutcome, Reason = $"{_records[index].Reason}; {reason}" };
        Save();
    }

    /// <summary>
    /// Sets (or with null clears) when the post-promotion watch of the newest record of <paramref name="id"/> ends, and
    /// saves: Status shows "watching until" from it.
    /// </summary>
    public void SetWatch(string id, DateTimeOffset? until)
    {
        var index = _records.FindLastIndex(r => r.Id == id);
        if (index < 0)
            return;
        _records[index] = _records[index] with { WatchUntilUtc = until };
        Save();
    }

    /// <summary>Marks every live record but <paramref name="exceptId"/> with <paramref name="outcome"/>.</summary>
    public void EndLive(string? exceptId, string outcome)
    {
        for (var i = 0; i < _records.Count; i++)
        {
            if (_records[i].Outcome == ReleaseOutcome.Live && _records[i].Id != exceptId)
                _records[i] = _records[i] with { Outcome = outcome };
        }

        Save();
    }

    /// <summary>
    /// Replaces every record with <paramref name="records"/> (a reconciled history); saved only when
    /// <paramref name="save"/>, so a run that does not hold the environment's lock can show the truth without writing.
    /// </summary>
    public void Replace(IReadOnlyList<ReleaseRecord> records, bool save)
    {
        _records.Clear();
        _records.AddRange(records);
        if (save)
            Save();
    }

    private void Save() => AtomicFile.Write(_file, JsonSerializer.Serialize(_records, Json));
}
