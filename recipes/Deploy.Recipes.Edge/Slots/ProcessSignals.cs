using System.Runtime.InteropServices;
using System.Text;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Signals and liveness by PID through libc and /proc. .NET can only SIGKILL a process; a slot gets SIGTERM first so
/// the app can finish its own shutdown (flush logs, close connections) before it is killed.
/// </summary>
internal static class ProcessSignals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    public static bool Terminate(int pid) => SendSignal(pid, SigTerm) == 0;

    public static bool Kill(int pid) => SendSignal(pid, SigKill) == 0;

    /// <summary>
    /// Whether a process with this PID exists and has not ended. A zombie counts as ended: an orphaned slot process
    /// that ended is reaped by init, and until then /proc still lists it.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            var state = afterName >= 0 && afterName + 2 < stat.Length ? stat[afterName + 2] : '?';
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The process's arguments (argv), empty when it is gone.</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
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

    /// <summary>Polls until the process is gone; true if it went within <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(50);
        }

        return true;
    }

    // The runtime maps "libc" to the platform's C library (libc.so.6 on glibc).
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
