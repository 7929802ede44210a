using Deploy.Recipes.Health.Timeline;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Takes a canary in progress to its next step (judged as in Deploy), or with <c>--full</c> straight to all traffic.</summary>
[TaskName("Promote")]
[TaskDescription("Takes the canary in progress to its next step (judged like Deploy's), or with --full straight to 100%.")]
[ChangesEnvironment]
public sealed class PromoteTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("Promote", null, async () =>
        {
            var record = target.History.CanaryInProgress ?? throw new RecipeUsageException(
                $"No canary is in progress in '{context.Settings.Environment}': nothing to promote. Deploy with --strategy=canary starts one; --target=Status shows what runs.");
            var progress = record.Canary!;
            var plan = CanaryPlan.Parse(progress.Steps);
            var hosts = await target.OpenAsync(EdgeDemand.Running, RunInterruption.Token);
            await using var timeline = ReleaseTimeline.Start(context, hosts);
            var release = target.Store.Get(record.Id);
            // A canary left at a step by a run that died is continued from the step after it, as a paused one is.
            var next = context.Settings.Full ? plan.Promotion : Math.Min(progress.StepIndex + 1, plan.Promotion);
            await context.Events.PublishAsync(ReleaseEventKind.Promoted, record.Id, record.Version,
                next >= plan.Promotion
                    ? $"Canary {record.Version} promoted to all traffic by {context.Actor}."
                    : $"Canary {record.Version} promoted by {context.Actor} to step {next + 1} of {plan.Promotion} ({plan.Steps[next].Weight}%).",
                previous: target.History.Live?.Id);
            await new CanaryStepping(context, target, hosts, release, "Promote").RunAsync(record, plan, next);
        }, context.Inputs);
    }
}
