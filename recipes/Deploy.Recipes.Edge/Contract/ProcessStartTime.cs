namespace Deploy.Recipes.Edge.Contract;

/// <summary>
/// A process's start time, read from /proc: unlike its PID it is never reused, and exec does not change it, so a PID
/// recorded with its start time names one process for good. Both sides use it: the recipe to judge a lock holder, the
/// edge to prove a slot process is the one it recorded.
/// </summary>
internal static class ProcessStartTime
{
    /// <summary>The start time in clock ticks since boot (/proc/&lt;pid&gt;/stat field 22), or null when the process is gone.</summary>
    public static long? Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 2 (the command) may hold spaces and parentheses; the fields after the last ')' are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
