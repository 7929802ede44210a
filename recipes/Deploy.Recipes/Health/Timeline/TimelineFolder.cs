using System.Globalization;
using System.Text.Json;

namespace Deploy.Recipes.Health.Timeline;

/// <summary>
/// The environment's timeline folder (<c>.deploy/&lt;environment&gt;/timeline/</c>): one JSON-lines file of
/// <see cref="TimelineSample"/>s per task run that changed a release, named by its start time. A report reads the samples
/// of its release's time span from all of them.
/// </summary>
public static class TimelineFolder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A new file name in <paramref name="folder"/> for a run starting now.</summary>
    public static string NewFile(string folder) =>
        Path.Combine(folder, $"{DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.jsonl");

    /// <summary>Every sample in <paramref name="folder"/> taken from <paramref name="fromUtc"/> to <paramref name="toUtc"/>, oldest first; unreadable lines are skipped.</summary>
    public static IReadOnlyList<TimelineSample> Read(string folder, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        if (!Directory.Exists(folder))
            return [];
        var samples = new List<TimelineSample>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl"))
        {
            IEnumerable<string> lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var line in lines)
            {
                try
                {
                    if (JsonSerializer.Deserialize<TimelineSample>(line, Json) is { } sample && sample.TimeUtc >= fromUtc && sample.TimeUtc <= toUtc)
                        samples.Add(sample);
                }
                catch (JsonException)
                {
                }
            }
        }

        return samples.OrderBy(s => s.TimeUtc).ToList();
    }

    /// <summary>Removes all but the newest <paramref name="keep"/> files, so the folder does not grow without end.</summary>
    public static void Prune(string folder, int keep)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (var old in Directory.EnumerateFiles(folder, "*.jsonl").OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal).Skip(keep))
        {
            try
            {
                File.Delete(old);
            }
            catch (IOException)
            {
            }
        }
    }
}
