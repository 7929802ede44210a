namespace Deploy.Recipes;

/// <summary>
/// The last lines of a log file, for error messages that must show why a process failed. Shared by the recipe and the
/// edge, which serves a slot's log tail to a recipe on another machine (<c>GET /admin/slots/{slot}/log</c>).
/// </summary>
public static class LogTail
{
    /// <summary>Up to <paramref name="lines"/> last lines of <paramref name="file"/>, indented; a note when there is no log.</summary>
    public static string Read(string? file, int lines)
    {
        if (file == null || !File.Exists(file))
            return "  (no log was written)";
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var tail = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            tail.Enqueue(line);
            if (tail.Count > lines)
                tail.Dequeue();
        }

        return tail.Count == 0 ? "  (the log is empty)" : string.Join("\n", tail.Select(l => "  | " + l));
    }
}
