using System.Text.Json;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// Writes a JSON file through a temp file and a rename, so a reader (the recipe, or a restarted edge) sees the old
/// file or the new one, never half of one.
/// </summary>
internal static class AtomicFile
{
    public static void WriteJson<T>(string path, T value)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(value, EdgeJson.Files));
        File.Move(temporary, path, overwrite: true);
    }
}
