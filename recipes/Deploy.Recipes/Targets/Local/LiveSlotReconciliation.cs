using Cake.Common.Diagnostics;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// The first step of Deploy, Rollback and Status: compares the environment's history with the slot the edge sends
/// customers to and corrects the history (<see cref="HistoryReconciliation"/>), saying what it corrected. A run that
/// died halfway (SIGKILL) leaves records that no longer describe what serves; every later decision (what to roll back
/// to, what to keep) must start from the truth.
/// </summary>
public static class LiveSlotReconciliation
{
    /// <summary>Audit step of a correction.</summary>
    public const string Step = "reconcile";

    /// <summary>
    /// Reconciles the history of the context's environment. Does nothing when no edge runs (there is nothing to
    /// compare with) or traffic is split. When another run holds the lock, its records are not stale: the corrected
    /// history is shown to this run but not written.
    /// </summary>
    public static async Task RunAsync(DeployContext context, LocalTarget target)
    {
        using var edge = target.Edge.Connect();
        if (edge == null)
            return;
        var withTraffic = (await edge.StateAsync()).Slots.Where(s => s.Weight > 0).ToList();
        if (withTraffic.Count > 1)
            return;
        var served = withTraffic.SingleOrDefault() is { Release: { } id } slot ? new ServedRelease(id, slot.Version ?? id, slot.Name) : null;
        var reconciled = HistoryReconciliation.Reconcile(target.History.Records, served, context.Actor, DateTimeOffset.UtcNow);
        if (reconciled.Corrections.Count == 0)
            return;

        var locked = context.Lock == null && File.Exists(context.Paths.Lock);
        target.History.Replace(reconciled.Records, save: !locked);
        foreach (var correction in reconciled.Corrections)
        {
            context.Warning(locked
                ? "The history of '{0}' differs from what its edge serves (shown corrected, not written: a run holds the lock): {1}."
                : "Reconciled the history of '{0}' with what its edge serves: {1}.", context.Settings.Environment, correction);
        }

        if (!locked)
            context.Audit.Note(Step, served?.Id, "corrected", string.Join("; ", reconciled.Corrections));
    }
}
