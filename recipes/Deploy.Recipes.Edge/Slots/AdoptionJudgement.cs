using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>What a new edge does with a slot process its dead predecessor recorded.</summary>
internal enum AdoptionVerdict
{
    /// <summary>Proven the same process, with what it takes to route to it: keep it serving.</summary>
    Adopt,

    /// <summary>Ours, but it cannot be taken over (no start time or port recorded, or it was being stopped): end it.</summary>
    End,

    /// <summary>Gone, or the PID now belongs to another process: not ours to touch.</summary>
    Leave,
}

/// <summary>A process as /proc shows it now.</summary>
internal sealed record ObservedProcess(bool Alive, long? StartTicks, IReadOnlyList<string> CommandLine)
{
    public static ObservedProcess Of(int pid) =>
        new(ProcessIdentity.IsAlive(pid), ProcessIdentity.StartTicks(pid), ProcessIdentity.Arguments(pid));
}

/// <summary>
/// Decides whether a recorded slot process is still the one the dead edge started. A PID alone may have been reused;
/// the PID, the start time (never reused, unchanged by exec) and the command line (the recorded DLL) together prove it.
/// </summary>
internal static class AdoptionJudgement
{
    public static (AdoptionVerdict Verdict, string Reason) Judge(SlotProcessRecord record, ObservedProcess observed, int selfPid)
    {
        if (record.Pid <= 0 || record.Pid == selfPid)
            return (AdoptionVerdict.Leave, "not a slot process");
        if (!observed.Alive)
            return (AdoptionVerdict.Leave, "gone");
        if (!RunsRecordedCommand(record, observed.CommandLine))
            return (AdoptionVerdict.Leave, "the PID now runs another program");
        if (record.StartTicks is not { } recordedStart)
            return (AdoptionVerdict.End, "recorded without a start time (an older edge): it cannot be proven the same process");
        if (observed.StartTicks != recordedStart)
            return (AdoptionVerdict.Leave, "the PID now belongs to another process of the same program (another start time)");
        if (SlotNames.IndexOf(record.Slot) < 0)
            return (AdoptionVerdict.End, $"recorded for unknown slot '{record.Slot}'");
        if (record.Port is not (> 0 and <= 65535))
            return (AdoptionVerdict.End, "no port recorded, so it cannot be routed to");
        if (record.Status == SlotStatus.Draining)
            return (AdoptionVerdict.End, "it was being stopped");
        return (AdoptionVerdict.Adopt, "same PID, start time and command line");
    }

    private static bool RunsRecordedCommand(SlotProcessRecord record, IReadOnlyList<string> commandLine) =>
        commandLine.Count > 0
        && commandLine[^1].EndsWith(".dll", StringComparison.Ordinal)
        && record.Command.EndsWith(" " + commandLine[^1], StringComparison.Ordinal);
}
