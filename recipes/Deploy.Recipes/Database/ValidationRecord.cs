using System.Text.Json;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Database;

/// <summary>
/// Proof that Validate passed for one exact release (its artifact digest) from one schema version: the migrations it
/// rehearsed on the staging clone, from the version the clone was at. Migrate runs only what such a record covers.
/// Kept as <c>validation.json</c> in the environment's state folder; a Validate that does not pass leaves none.
/// </summary>
/// <param name="App">The release's app.</param>
/// <param name="Version">The release's version.</param>
/// <param name="Digest">The release artifact's digest (<see cref="ReleaseManifest.Sha256"/>).</param>
/// <param name="FromSchemaVersion">The schema version the clone was at when the migrations were rehearsed (0: no database).</param>
/// <param name="ToSchemaVersion">The schema version the release is built for.</param>
/// <param name="Migrations">The versions of the migrations rehearsed, oldest first.</param>
/// <param name="ValidatedUtc">When validation passed.</param>
public sealed record ValidationRecord(
    string App, string Version, string Digest, long FromSchemaVersion, long ToSchemaVersion, IReadOnlyList<long> Migrations, DateTimeOffset ValidatedUtc)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Where the environment whose state folder is <paramref name="environmentFolder"/> keeps its record.</summary>
    public static string PathIn(string environmentFolder) => System.IO.Path.Combine(environmentFolder, "validation.json");

    /// <summary>Writes the record whole (readers see the old one or this one).</summary>
    public void Save(string path) => AtomicFile.Write(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Removes the record, so a validation that does not pass leaves nothing behind to migrate on.</summary>
    public static void Remove(string path) => File.Delete(path);

    /// <summary>The record at <paramref name="path"/>; null when there is none or it cannot be read (then nothing counts as validated).</summary>
    public static ValidationRecord? Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ValidationRecord>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }
}
