using Cake.Common.Diagnostics;
using Deploy.Recipes.Health.Timeline;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Sends a canary's traffic back to the stable release in the steps of <c>abort-steps</c> (or at once with
/// <c>--instant</c>), then drains and stops the canary. With no canary in progress it says so and succeeds: the state
/// an Abort asks for (the stable release has all traffic) already holds, so a CI job may re-run it.
/// </summary>
[TaskName("Abort")]
[TaskDescription("Sends a canary's traffic back to the stable release gradually (abort-steps) or at once (--instant), then stops the canary.")]
[ChangesEnvironment]
public sealed class AbortTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("Abort", null, async () =>
        {
            if (target.History.CanaryInProgress is not { Canary: { } progress } record)
            {
                context.Information("No canary is in progress in '{0}': nothing to abort.", context.Settings.Environment);
                return;
            }

            var hosts = await target.OpenAsync(EdgeDemand.Running, RunInterruption.Token);
            await using var timeline = ReleaseTimeline.Start(context, hosts);
            var steps = CanaryAbort.OperatorSteps(context.Settings, progress.Weight);
            context.Information("Aborting canary {0} at {1}%: {2}.", record.Version, progress.Weight,
                context.Settings.Instant ? "all traffic back at once (--instant)" : $"traffic back through {string.Join(", ", steps.Select(s => s.Weight + "%"))}");
            await new CanaryAbort(context, target, hosts).RunAsync(record, steps, "Abort", $"aborted by {context.Actor}");
            context.Information("Canary {0} aborted: every customer is on the stable release{1}; its slot was stopped.", record.Version,
                target.History.Live is { } live ? $" {live.Version}" : "");
            await context.Events.PublishAsync(ReleaseEventKind.Aborted, record.Id, record.Version,
                $"Canary {record.Version} was aborted by {context.Actor}: every customer is on the stable release{(target.History.Live is { } stable ? $" {stable.Version}" : "")}.",
                $"aborted by {context.Actor}", target.History.Live?.Id);
        }, context.Inputs);
    }
}
