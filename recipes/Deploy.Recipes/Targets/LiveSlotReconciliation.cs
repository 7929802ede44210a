using Cake.Common.Diagnostics;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets;

/// <summary>
/// The first step of Deploy, Rollback and Status: compares the environment's history with what the hosts' edges send
/// customers to and corrects the history (<see cref="HistoryReconciliation"/>), saying what it corrected. A run that
/// died halfway (SIGKILL) leaves records that no longer describe what serves; every later decision (what to roll back
/// to, what to keep) must start from the truth.
/// </summary>
public static class LiveSlotReconciliation
{
    /// <summary>Audit step of a correction.</summary>
    public const string Step = "reconcile";

    /// <summary>
    /// Reconciles the history of the context's environment with <paramref name="hosts"/>. Does nothing when no host's
    /// edge runs (there is nothing to compare with), when a host splits traffic, or when the hosts serve different
    /// releases (Status calls that mixed; the history cannot name one truth). When another run holds the lock, its
    /// records are not stale: the corrected history is shown to this run but not written.
    /// </summary>
    public static async Task RunAsync(DeployContext context, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts)
    {
        var edges = hosts.Select(h => h.Edge).OfType<ITrafficEdge>().ToList();
        if (edges.Count == 0)
            return;
        var served = new List<ServedRelease?>();
        foreach (var edge in edges)
        {
            Edge.Contract.EdgeState state;
            try
            {
                state = await edge.StateAsync();
            }
            catch (EdgeUnavailableException)
            {
                return; // a host that does not answer leaves what serves unknown; Status says so
            }

            var withTraffic = state.Slots.Where(s => s.Weight > 0).ToList();
            if (withTraffic.Count > 1)
                return;
            served.Add(withTraffic.SingleOrDefault() is { Release: { } id } slot ? new ServedRelease(id, slot.Version ?? id, slot.Name) : null);
        }

        if (served.Select(s => s?.Id).Distinct().Count() > 1)
            return;
        var truth = served[0];
        var reconciled = HistoryReconciliation.Reconcile(target.History.Records, truth, context.Actor, DateTimeOffset.UtcNow);
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
            context.Audit.Note(Step, truth?.Id, "corrected", string.Join("; ", reconciled.Corrections));
    }
}
