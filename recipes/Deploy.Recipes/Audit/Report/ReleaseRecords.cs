using Deploy.Recipes.Notifications;

namespace Deploy.Recipes.Audit.Report;

/// <summary>
/// The audit records of one release: every record of each run (Deploy, Rollback, Promote or Abort, from its "started"
/// record to its closing one) in which the release has a record, plus the database steps (Validate, Migrate, ...) the
/// Deploy ran before it. Steps of a run that name no release (the run's own step, the edge, the migrations) belong to it
/// by position, which is why runs are found first.
/// </summary>
/// <param name="Release">The release's id.</param>
/// <param name="Records">Its records, oldest first.</param>
public sealed record ReleaseRecords(string Release, IReadOnlyList<AuditRecord> Records)
{
    private static readonly string[] RunSteps = ["Deploy", "Rollback", "Promote", "Abort"];
    private static readonly string[] PreparationSteps = ["Validate", "Migrate", "StagingClone", "BackupDatabase"];

    /// <summary>The first record's time.</summary>
    public DateTimeOffset FromUtc => Records[0].TimeUtc;

    /// <summary>The last record's time.</summary>
    public DateTimeOffset ToUtc => Records[^1].TimeUtc;

    /// <summary>
    /// The release <paramref name="wanted"/> names (an id or a version), or with null the release of the trail's latest
    /// release event; null when the trail has no release event for it.
    /// </summary>
    public static string? Find(IReadOnlyList<AuditRecord> trail, string? wanted)
    {
        var events = trail.Where(IsReleaseEvent).Where(r => r.Release != null);
        var match = string.IsNullOrWhiteSpace(wanted)
            ? events.LastOrDefault()
            : events.LastOrDefault(r => r.Release == wanted) ?? events.LastOrDefault(r => r.Inputs?.GetValueOrDefault("version") == wanted);
        return match?.Release;
    }

    /// <summary>The records of <paramref name="release"/> in <paramref name="trail"/> (oldest first); null when it has none.</summary>
    public static ReleaseRecords? Of(IReadOnlyList<AuditRecord> trail, string release)
    {
        var runs = Runs(trail);
        var included = new SortedSet<int>();
        for (var r = 0; r < runs.Count; r++)
        {
            var (start, end) = runs[r];
            if (!Enumerable.Range(start, end - start + 1).Any(i => trail[i].Release == release))
                continue;
            for (var i = start; i <= end; i++)
                included.Add(i);
            if (trail[start].Step != "Deploy")
                continue;
            // The database steps a Deploy depends on ran just before it, after whatever came before.
            var after = r > 0 ? runs[r - 1].End : -1;
            for (var i = start - 1; i > after; i--)
            {
                if (IsReleaseEvent(trail[i]))
                    break;
                if (PreparationSteps.Contains(Root(trail[i].Step)))
                    included.Add(i);
            }
        }

        // Records of the release outside any run (a trail from an older recipe, or a scripted one) still count.
        for (var i = 0; i < trail.Count; i++)
        {
            if (trail[i].Release == release)
                included.Add(i);
        }

        return included.Count == 0 ? null : new ReleaseRecords(release, included.Select(i => trail[i]).ToList());
    }

    /// <summary>True for a release event's record (<c>Release/&lt;kind&gt;</c>).</summary>
    public static bool IsReleaseEvent(AuditRecord record) => record.Step.StartsWith(ReleaseEventKinds.AuditStepPrefix, StringComparison.Ordinal);

    /// <summary>The first segment of a step (<c>Deploy</c> of <c>Deploy/switch</c>).</summary>
    public static string Root(string step) => step.Split('/')[0];

    // Each run: the index of its "started" record and of its closing record (or of the record before the next run when
    // it was never closed: a killed run).
    private static List<(int Start, int End)> Runs(IReadOnlyList<AuditRecord> trail)
    {
        var runs = new List<(int, int)>();
        for (var i = 0; i < trail.Count; i++)
        {
            if (!RunSteps.Contains(trail[i].Step) || trail[i].Outcome != "started")
                continue;
            var end = i;
            for (var j = i + 1; j < trail.Count; j++)
            {
                if (trail[j].Step == trail[i].Step && trail[j].DurationMs != null)
                {
                    end = j;
                    break;
                }

                if (RunSteps.Contains(trail[j].Step) && trail[j].Outcome == "started")
                    break;
                end = j;
            }

            runs.Add((i, end));
            i = end;
        }

        return runs;
    }
}
