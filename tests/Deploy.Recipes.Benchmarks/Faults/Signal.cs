using System.Diagnostics;

namespace Deploy.Recipes.Benchmarks.Faults;

/// <summary>Sends a signal to one process the benchmark started (or one its runs started and recorded), by PID.</summary>
internal static class Signal
{
    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
        kill.WaitForExit();
    }
}
