using System.Runtime.InteropServices;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// Signals by PID through libc (liveness is <see cref="ProcessIdentity"/>). .NET can only SIGKILL a process; a slot gets SIGTERM first so
/// the app can finish its own shutdown (flush logs, close connections) before it is killed.
/// </summary>
internal static class ProcessSignals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    public static bool Terminate(int pid) => SendSignal(pid, SigTerm) == 0;

    public static bool Kill(int pid) => SendSignal(pid, SigKill) == 0;

    /// <summary>Polls until the process is gone; true if it went within <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (ProcessIdentity.IsAlive(pid))
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
