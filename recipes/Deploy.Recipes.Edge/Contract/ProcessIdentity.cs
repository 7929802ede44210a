using System.Globalization;
using System.Text;

// Compiled into the edge and into the recipe (see Deploy.Recipes.csproj), so it lives in the namespace both share.
namespace Deploy.Recipes;

/// <summary>
/// Tells whether a recorded process is still the same process, from /proc. The PID alone is not enough, because Linux
/// reuses PIDs; the start time is never reused and exec does not change it, so a PID recorded with its start time
/// names one process for good. The recipe uses it to judge a lock holder and to find its edge; the edge to prove a
/// slot process is the one it recorded.
/// </summary>
public static class ProcessIdentity
{
    /// <summary>The start time in clock ticks since boot (/proc/&lt;pid&gt;/stat field 22), or null when the process is gone.</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 2 (the command) may hold spaces and parentheses; the fields after the last ')' are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="pid"/> exists and has not ended and, if <paramref name="startTicks"/> is given, started
    /// then. A zombie counts as ended: an orphaned process that ended is reaped by init, and until then /proc lists it.
    /// </summary>
    public static bool IsAlive(int pid, long? startTicks = null)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            var state = afterName >= 0 && afterName + 2 < stat.Length ? stat[afterName + 2] : '?';
            return state is not ('Z' or 'X') && (startTicks == null || StartTicks(pid) == startTicks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The process's arguments (argv), empty when it is gone.</summary>
    public static IReadOnlyList<string> Arguments(int pid)
    {
        try
        {
            var raw = File.ReadAllBytes($"/proc/{pid}/cmdline");
            return Encoding.UTF8.GetString(raw).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The process's command line, arguments joined by spaces; empty when it is gone.</summary>
    public static string CommandLine(int pid) => string.Join(' ', Arguments(pid));
}
