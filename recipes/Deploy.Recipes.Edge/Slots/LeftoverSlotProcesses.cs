using Deploy.Recipes.Edge.Contract;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// At start-up, ends the slot processes a killed predecessor left running. A PID alone may have been reused, so a
/// process is ended only when its command line still ends with the recorded DLL: the edge never ends a stranger.
/// </summary>
internal sealed class LeftoverSlotProcesses(SlotProcessRegistry registry, ILogger<LeftoverSlotProcesses> log)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public async Task EndAllAsync()
    {
        var ending = registry.Load().Where(IsStillThatProcess).Select(EndAsync).ToList();
        await Task.WhenAll(ending);
        registry.Save([]);
    }

    private static bool IsStillThatProcess(SlotProcessRecord record)
    {
        if (record.Pid <= 0 || record.Pid == Environment.ProcessId || !ProcessSignals.IsAlive(record.Pid))
            return false;
        var arguments = ProcessSignals.CommandLine(record.Pid);
        return arguments.Count > 0
            && arguments[^1].EndsWith(".dll", StringComparison.Ordinal)
            && record.Command.EndsWith(" " + arguments[^1], StringComparison.Ordinal);
    }

    private async Task EndAsync(SlotProcessRecord record)
    {
        log.LogWarning("Ending slot {Slot} process {Pid} left behind by a previous edge (started {Started:O})", record.Slot, record.Pid, record.StartedUtc);
        ProcessSignals.Terminate(record.Pid);
        if (await ProcessSignals.WaitUntilGoneAsync(record.Pid, Grace))
            return;
        log.LogWarning("Slot {Slot} process {Pid} ignored SIGTERM for {Seconds} s; killing it", record.Slot, record.Pid, Grace.TotalSeconds);
        ProcessSignals.Kill(record.Pid);
        await ProcessSignals.WaitUntilGoneAsync(record.Pid, TimeSpan.FromSeconds(5));
    }
}
