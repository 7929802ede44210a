using System.Diagnostics;

namespace Deploy.Recipes.Targets.Local;

/// <summary>Ends a process this recipe recorded (the edge, or a slot process it left behind), by PID, and waits for it.</summary>
internal static class EdgeProcessEnd
{
    /// <summary>Kills <paramref name="pid"/> and its children, when it is alive.</summary>
    public static void Terminate(int pid)
    {
        if (!ProcessIdentity.IsAlive(pid))
            return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }

    /// <summary>True when <paramref name="pid"/> was gone within <paramref name="timeout"/>.</summary>
    public static bool WaitForExit(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (ProcessIdentity.IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(50);
        }

        return true;
    }
}
