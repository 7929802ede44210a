namespace Deploy.Recipes.Releases;

/// <summary>
/// Tells whether a recorded process is still the same process: the PID alone is not enough, because Linux reuses
/// PIDs, so the start time (from /proc/&lt;pid&gt;/stat) is compared too.
/// </summary>
public static class ProcessIdentity
{
    /// <summary>The process's start time in clock ticks since boot, or null when no such process exists.</summary>
    public static long? StartTicks(int pid) => Edge.Contract.ProcessStartTime.Ticks(pid);

    /// <summary>True when <paramref name="pid"/> runs and, if <paramref name="startTicks"/> is given, started then.</summary>
    public static bool IsAlive(int pid, long? startTicks = null)
    {
        var current = StartTicks(pid);
        return current != null && (startTicks == null || current == startTicks) && !IsZombie(pid);
    }

    /// <summary>The process's command line, arguments joined by spaces; empty when it does not exist.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
