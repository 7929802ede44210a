using System.Text.Json;

namespace Deploy.Recipes.Audit;

/// <summary>
/// The trail's head, kept beside it (<c>&lt;environment&gt;.head.json</c>): the sequence and line hash of the last
/// record written. The chain alone cannot show that whole lines were cut from the end (what is left is still a valid
/// chain); the anchor remembers where the trail ended, so <see cref="AuditChain"/> can. Written after every append,
/// under the trail's write lock, by replacing the file (a reader sees the old head or the new one, never half of one).
/// </summary>
/// <param name="Sequence">The last record's sequence.</param>
/// <param name="Hash">SHA-256 (lower-case hex) of the last record's line.</param>
public sealed record AuditAnchor(long Sequence, string Hash)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The anchor file of the trail <paramref name="trail"/>.</summary>
    public static string PathOf(string trail) =>
        Path.Combine(Path.GetDirectoryName(trail)!, Path.GetFileNameWithoutExtension(trail) + ".head.json");

    /// <summary>The anchor in <paramref name="file"/>; null when there is none or it cannot be read as one.</summary>
    public static AuditAnchor? Read(string file) => File.Exists(file) ? Parse(File.ReadAllText(file)) : null;

    /// <summary>The anchor written as <paramref name="text"/>; null when the text is not one.</summary>
    public static AuditAnchor? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditAnchor>(text, Json) is { Sequence: > 0, Hash.Length: 64 } anchor ? anchor : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Replaces <paramref name="file"/> with this anchor.</summary>
    public void Write(string file)
    {
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json) + "\n");
        File.Move(temporary, file, overwrite: true);
    }
}
