namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// A slot's log file, <c>logs/&lt;release&gt;.&lt;slot&gt;.log</c>: a header line written by the edge, then the app's
/// stdout and stderr, appended by the app's own process (see <see cref="ReleaseLauncher"/>).
/// </summary>
internal static class SlotLog
{
    /// <summary>Creates the folder and appends the header. The header names the release, never the app's environment.</summary>
    public static string Begin(string path, string slot, string release, string version, int port)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllText(path, $"# {DateTimeOffset.UtcNow:O} edge started release {release} (version {version}) in slot {slot} on port {port}\n");
        return path;
    }
}
