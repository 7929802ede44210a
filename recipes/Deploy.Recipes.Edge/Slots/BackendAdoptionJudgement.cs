using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>What a new edge does with a backend its dead predecessor routed to.</summary>
internal enum BackendAdoptionVerdict
{
    /// <summary>Its port accepts connections: route to it again with its recorded weight, role and schedule.</summary>
    Adopt,

    /// <summary>It was being stopped when the edge died: finish the stop with its stop command.</summary>
    FinishStop,

    /// <summary>Nothing to route to (or nothing usable recorded): forget it, touch nothing; the recipe's clean-up ends leftovers.</summary>
    Drop,
}

/// <summary>
/// Decides about a recorded backend. Unlike a process, there is no identity to prove: the edge never owned it, so the
/// only question is whether something still listens on its port. A backend is never ended here except by its own stop
/// command, and only when the recipe had already asked for that stop.
/// </summary>
internal static class BackendAdoptionJudgement
{
    public static (BackendAdoptionVerdict Verdict, string Reason) Judge(SlotProcessRecord record, SlotBackend backend, bool listening, bool slotTaken)
    {
        if (SlotNames.IndexOf(record.Slot) < 0)
            return (BackendAdoptionVerdict.Drop, $"recorded for unknown slot '{record.Slot}'");
        if (SlotBackendCheck.Problem(backend) is { } problem)
            return (BackendAdoptionVerdict.Drop, $"unusable record: {problem}");
        if (record.Status == SlotStatus.Draining)
            return (BackendAdoptionVerdict.FinishStop, "it was being stopped");
        if (slotTaken)
            return (BackendAdoptionVerdict.Drop, $"a second release recorded for slot {record.Slot}");
        if (!listening)
            return (BackendAdoptionVerdict.Drop, $"port {backend.Port} does not accept connections");
        return (BackendAdoptionVerdict.Adopt, $"port {backend.Port} accepts connections");
    }
}
