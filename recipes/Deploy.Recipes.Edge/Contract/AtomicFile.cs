using System.Text.Json;

// Compiled into the edge and into the recipe (see Deploy.Recipes.csproj), so it lives in the namespace both share.
namespace Deploy.Recipes;

/// <summary>
/// Writes a file through a temp file and a rename, so a reader (the recipe, another run, or a restarted edge) sees
/// the old content or the new, never half of it.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/>, creating its folder.</summary>
    public static void Write(string path, string content) => Write(path, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Replaces <paramref name="path"/> with <paramref name="value"/> as JSON.</summary>
    public static void WriteJson<T>(string path, T value, JsonSerializerOptions options) => Write(path, JsonSerializer.SerializeToUtf8Bytes(value, options));

    private static void Write(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
