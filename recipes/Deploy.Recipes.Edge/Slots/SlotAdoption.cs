using Deploy.Recipes.Edge.Contract;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// At start-up, takes over the slot processes a dead predecessor left running, so an edge crash costs customers only
/// the seconds until the next edge serves: what <see cref="AdoptionJudgement"/> proves ours keeps running with its
/// weight and schedule; what is ours but cannot be taken over is ended (SIGTERM, then SIGKILL); strangers are left alone.
/// Backends (releases the edge only routes to) are adopted when their port still accepts connections, else forgotten.
/// </summary>
internal sealed class SlotAdoption(SlotProcessRegistry registry, SlotSupervisor slots, ILogger<SlotAdoption> log)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ListenCheck = TimeSpan.FromMilliseconds(500);

    /// <summary>What was adopted and what was ended, for the edge's recovery record.</summary>
    public sealed record Outcome(IReadOnlyList<string> Adopted, IReadOnlyList<string> Ended);

    public async Task<Outcome> TakeOverAsync()
    {
        var adopted = new List<string>();
        var ended = new List<string>();
        var ending = new List<Task>();
        var taken = new HashSet<string>();
        foreach (var record in registry.Load())
        {
            if (record.Backend is { } backend)
            {
                await TakeOverBackendAsync(record, backend, taken, adopted, ended);
                continue;
            }

            var (verdict, reason) = AdoptionJudgement.Judge(record, ObservedProcess.Of(record.Pid), Environment.ProcessId);
            if (verdict == AdoptionVerdict.Adopt && !taken.Add(record.Slot))
                (verdict, reason) = (AdoptionVerdict.End, $"a second process recorded for slot {record.Slot}");
            var name = $"{record.Slot} pid {record.Pid} (release {record.Release ?? "?"})";
            switch (verdict)
            {
                case AdoptionVerdict.Adopt:
                    var listening = await ReadinessProbe.IsListeningAsync(record.Port!.Value, ListenCheck);
                    slots.Adopt(SlotNames.IndexOf(record.Slot), record, listening);
                    adopted.Add(name);
                    break;
                case AdoptionVerdict.End:
                    log.LogWarning("Ending slot {Slot} process {Pid} left behind by a previous edge (started {Started:O}): {Reason}",
                        record.Slot, record.Pid, record.StartedUtc, reason);
                    ending.Add(EndAsync(record));
                    ended.Add($"{name}: {reason}");
                    break;
                default:
                    log.LogInformation("Slot {Slot} process {Pid} recorded by a previous edge is not taken over: {Reason}", record.Slot, record.Pid, reason);
                    break;
            }
        }

        await Task.WhenAll(ending);
        slots.Persist();
        return new Outcome(adopted, ended);
    }

    // A backend is not this edge's process: adopted when its port still answers, its stop finished when one was under
    // way, otherwise forgotten (never signalled: only its own stop command ends it).
    private async Task TakeOverBackendAsync(SlotProcessRecord record, SlotBackend backend, HashSet<string> taken, List<string> adopted, List<string> ended)
    {
        var listening = await ReadinessProbe.IsListeningAsync(backend.Port, ListenCheck);
        var (verdict, reason) = BackendAdoptionJudgement.Judge(record, backend, listening, taken.Contains(record.Slot));
        var name = $"{record.Slot} backend {backend.Name} on port {backend.Port} (release {record.Release ?? "?"})";
        switch (verdict)
        {
            case BackendAdoptionVerdict.Adopt:
                taken.Add(record.Slot);
                slots.Adopt(SlotNames.IndexOf(record.Slot), record with { Port = backend.Port }, listening: true);
                adopted.Add(name);
                break;
            case BackendAdoptionVerdict.FinishStop:
                // In the background: a stop command may take its time (docker stop waits for the app), and customers of
                // the live slot must not wait for it before the public port opens.
                log.LogWarning("Slot {Slot}: finishing the stop of {Name} that the previous edge had begun", record.Slot, name);
                _ = FinishStopAsync(record.Slot, backend);
                ended.Add($"{name}: {reason}");
                break;
            default:
                log.LogWarning("Slot {Slot}: {Name} recorded by the previous edge is not taken over: {Reason}", record.Slot, name, reason);
                break;
        }
    }

    private async Task FinishStopAsync(string slot, SlotBackend backend)
    {
        var result = await BackendCommand.RunAsync(backend, backend.StopCommand, BackendSlotProcess.StopLimit);
        if (result.Succeeded)
            log.LogInformation("Slot {Slot}: backend {Backend} stopped by `{Command}`", slot, backend.Name, BackendCommand.Show(backend.StopCommand));
        else
            log.LogWarning("Slot {Slot}: the stop command of backend {Backend} failed ({Why})", slot, backend.Name, result.Why());
    }

    private async Task EndAsync(SlotProcessRecord record)
    {
        ProcessSignals.Terminate(record.Pid);
        if (await ProcessSignals.WaitUntilGoneAsync(record.Pid, Grace))
            return;
        log.LogWarning("Slot {Slot} process {Pid} ignored SIGTERM for {Seconds} s; killing it", record.Slot, record.Pid, Grace.TotalSeconds);
        ProcessSignals.Kill(record.Pid);
        await ProcessSignals.WaitUntilGoneAsync(record.Pid, TimeSpan.FromSeconds(5));
    }
}
