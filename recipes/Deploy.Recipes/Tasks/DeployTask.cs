using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Releases the packaged artifact to the environment's hosts with the configured strategy.</summary>
[TaskName("Deploy")]
[TaskDescription("Starts the packaged release beside the live one, smoke-checks it, switches traffic, and rolls back by itself if checks fail.")]
[IsDependentOn(typeof(MigrateTask))]
[ChangesEnvironment]
public sealed class DeployTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("Deploy", null, async () =>
        {
            // The history is reconciled with the edges as found, before any is started: a fresh edge serves nothing, and
            // that must not read as "the live release stopped".
            CanaryGuard.RefuseWhileRunning(target.History, "Deploy");
            await LiveSlotReconciliation.RunAsync(context, target, await target.OpenAsync(EdgeDemand.AsFound, RunInterruption.Token));
            var release = await context.Audit.StepAsync("Deploy/install", null, () =>
                Task.FromResult(target.Store.Install(ReleasePackaging.Folder(context))));
            var hosts = await context.Audit.StepAsync("Deploy/edge", null, () => target.OpenAsync(EdgeDemand.Start, RunInterruption.Token));
            switch (context.Settings.Strategy)
            {
                case ReleaseStrategy.BlueGreen:
                    await new BlueGreenRelease(context, target, hosts).DeployAsync(release);
                    break;
                case ReleaseStrategy.Rolling:
                    await new RollingRelease(context, target, hosts).DeployAsync(release);
                    break;
                case ReleaseStrategy.Canary:
                    await new CanaryRelease(context, target, hosts).DeployAsync(release);
                    break;
                default:
                    throw new RecipeUsageException($"Strategy '{context.Settings.Strategy}' has no implementation.");
            }
        }, context.Inputs);
    }
}
