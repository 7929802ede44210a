using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deploy.Recipes.Releases;

/// <summary>
/// What a packaged release is: app, version, commit, when and how it was built, and a digest of every file, so that
/// a deploy can prove it runs exactly the artifact that was tested.
/// </summary>
/// <param name="App">The app's name (its project name).</param>
/// <param name="Version">The version the release reports.</param>
/// <param name="Commit">The git commit it was built from, when known.</param>
/// <param name="CreatedUtc">When the artifact was published.</param>
/// <param name="Configuration">The build configuration.</param>
/// <param name="Files">How many files the artifact holds.</param>
/// <param name="Sha256">Digest over every file's relative path and content, in ordinal path order.</param>
/// <param name="Image">With <c>artifact=image</c>: the image pushed for this release, which is what every host runs;
/// null for a folder release.</param>
public sealed record ReleaseManifest(
    string App,
    string Version,
    string? Commit,
    DateTimeOffset CreatedUtc,
    string Configuration,
    int Files,
    string Sha256,
    ContainerImage? Image = null)
{
    /// <summary>
    /// The id the release has once installed in an environment: <c>&lt;version&gt;-&lt;first 8 of the digest&gt;</c>, the
    /// digest being the image's for an image release (what runs is the image) and the folder's otherwise.
    /// </summary>
    [JsonIgnore]
    public string ReleaseId => $"{Version}-{(Image?.DigestHex ?? Sha256)[..8]}";

    /// <summary>The manifest's file name next to the artifact's <c>app/</c> folder.</summary>
    public const string FileName = "release.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the manifest as JSON.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads a manifest; a missing or unreadable file is an error naming the path.</summary>
    public static ReleaseManifest Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ReleaseManifest>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException("the file is empty");
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The release manifest '{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The manifest of the packaged artifact in <paramref name="artifact"/>; a missing one says how to make it.</summary>
    public static ReleaseManifest LoadFromArtifact(string artifact)
    {
        var file = Path.Combine(artifact, FileName);
        if (!File.Exists(file))
            throw new FileNotFoundException(
                $"There is no release artifact at {artifact} (no {FileName}). Run --target=Package first, or Deploy without --exclusive or --prebuilt.");
        return Load(file);
    }

    /// <summary>The digest of a folder's files (paths and contents), as stored in <see cref="Sha256"/>.</summary>
    public static (int Files, string Sha256) Digest(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file))));
        }

        return (files.Count, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
