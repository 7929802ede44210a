using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Takes a canary's traffic back to the stable release on every host carrying it, in the given steps (the last one
/// 0%), then drains and stops the canary's slot. The stable release stays live in the history throughout; the canary's
/// record ends <see cref="ReleaseOutcome.Aborted"/> with the reason. Progress is saved before each change, so an abort
/// that dies halfway is finished by running Abort again.
/// </summary>
internal sealed class CanaryAbort(DeployContext context, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts)
{
    /// <summary>Aborts the canary of <paramref name="record"/> through <paramref name="steps"/>; audited as <c>&lt;task&gt;/abort-step</c>.</summary>
    public async Task RunAsync(ReleaseRecord record, IReadOnlyList<CanaryStep> steps, string task, string reason)
    {
        var history = target.History;
        var progress = record.Canary!.State == CanaryState.Aborting ? record.Canary : record.Canary.Aborting();
        history.SetCanary(record.Id, progress);
        var carrying = CanaryTraffic.Carrying(progress, hosts);
        foreach (var step in steps)
        {
            await CanaryTraffic.SetAsync(context, $"{task}/abort-step", record.Id, carrying, step.Weight);
            progress = progress.At(step.Weight);
            history.SetCanary(record.Id, progress);
            context.Information("Canary {0}: {1}% of traffic{2}.", record.Version, step.Weight, step.Weight == 0 ? "; every customer is back on the stable release" : "");
            if (step.Weight > 0 && step.Pause is { } pause && pause > TimeSpan.Zero)
                await Task.Delay(pause, CancellationToken.None);
        }

        foreach (var (host, slots) in carrying)
        {
            var edge = host.Edge!;
            await context.Audit.HostStepAsync($"{task}/stop-canary", record.Id, host.Name, () => edge.StopSlotAsync(slots.CanarySlot, context.Settings.DrainTimeout));
        }

        history.SetOutcome(record.Id, ReleaseOutcome.Aborted, reason);
        history.SetCanary(record.Id, progress.Aborted());
        context.Audit.Note($"{task}/aborted", record.Id, ReleaseOutcome.Aborted, reason);
    }

    /// <summary>The steps an operator's Abort takes: <c>abort-steps</c> from the canary's weight, or at once with <c>--instant</c>.</summary>
    public static IReadOnlyList<CanaryStep> OperatorSteps(DeploySettings settings, int weight) =>
        settings.Instant ? AbortPlan.Instant : AbortPlan.Parse(settings.AbortSteps).From(weight);
}
