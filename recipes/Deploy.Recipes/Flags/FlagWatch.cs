using Cake.Common.Diagnostics;
using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Flags;

/// <summary>
/// The analysis window after a flag change that gives the feature to more users: the live slot's customers after the
/// change against the same slot's before it (<see cref="LiveSlotAgainstBaseline"/>), judged by the canary analysis
/// every <c>analysis-interval</c> for <see cref="Intervals"/> intervals (a fail ends it at once; inconclusive extends it
/// up to <c>max-step-extension</c>, then <c>on-inconclusive</c>; errors up to <c>max-analysis-errors</c> in a row).
/// Every verdict is printed and audited.
/// </summary>
public sealed class FlagWatch(DeployContext context, IAnalysisMetrics metrics)
{
    /// <summary>How many analysis intervals the window lasts: a few verdicts, and at the default 5 s a 15 s wait.</summary>
    public const int Intervals = 3;

    private StepAnalysisPolicy Policy => StepAnalysisPolicy.From(context.Settings, context.Settings.AnalysisInterval * Intervals);

    /// <summary>What the live slots served before the change; throws, before anything is written, when it cannot be read.</summary>
    public async Task<SideMeasurement> BaselineAsync(IReadOnlyList<ITargetHost> hosts, CancellationToken cancel)
    {
        var live = await LiveSlotsAsync(hosts);
        try
        {
            return await metrics.LookBackAsync(live, Policy.Pause, cancel);
        }
        catch (AnalysisMetricsUnavailableException unavailable)
        {
            throw new InvalidOperationException(
                $"The analysis that follows a flag change cannot read the live release's baseline from {metrics.Name} ({unavailable.Message}); nothing was changed.");
        }
    }

    /// <summary>Judges the window that starts now; the result says whether the flag must go off.</summary>
    public async Task<FlagWatchResult> RunAsync(IReadOnlyList<ITargetHost> hosts, string flag, SideMeasurement baseline, CancellationToken cancel)
    {
        var live = (await LiveSlotsAsync(hosts)).Select(h => h with { CanarySlot = h.StableSlot }).ToList();
        var policy = Policy;
        context.Information("Analysing flag {0} for {1:0.#} s ({2} x analysis-interval), live release after the change against before it ({3}).",
            flag, policy.Pause.TotalSeconds, Intervals, metrics.Name);
        var result = await StepAnalysis.RunAsync(new LiveSlotAgainstBaseline(metrics, baseline), live, policy, AnalysisLimits.From(context.Settings),
            verdict =>
            {
                context.Information("Flag {0} analysis: {1} {2}", flag, verdict.Outcome.ToString().ToLowerInvariant(), verdict.Description);
                context.Audit.Note("flag/analysis", null, verdict.Outcome.ToString().ToLowerInvariant(), $"{flag}: {verdict.Description}");
            }, cancel);
        // The verdict's "canary" is the live release after the change, its "stable" the same release before it.
        var why = result.Last.Outcome == AnalysisOutcome.Fail ? $"the analysis failed: {result.Last.Description}" : result.Description;
        return new FlagWatchResult(result.Outcome is StepAnalysisOutcome.Failed or StepAnalysisOutcome.AbortedOnErrors, why);
    }

    private static async Task<IReadOnlyList<AnalysisHost>> LiveSlotsAsync(IReadOnlyList<ITargetHost> hosts) =>
        await Task.WhenAll(hosts.Select(async host =>
        {
            var edge = host.Edge ?? throw new InvalidOperationException($"The edge of host {host.Name} is not running: a flag change that reaches more users needs it for its analysis; nothing was changed.");
            var live = (await edge.StateAsync()).Slots.Where(s => s.Weight > 0).MaxBy(s => s.Weight)
                       ?? throw new InvalidOperationException($"No release is live{HostLabel.On(host)}: the analysis after a flag change judges the live release; nothing was changed.");
            return new AnalysisHost(host.Name, edge, live.Name, null);
        }));
}
