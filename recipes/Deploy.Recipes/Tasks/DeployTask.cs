using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>Releases the packaged artifact to the environment with the configured strategy.</summary>
[TaskName("Deploy")]
[TaskDescription("Starts the packaged release beside the live one, smoke-checks it, switches traffic, and rolls back by itself if checks fail.")]
[IsDependentOn(typeof(MigrateTask))]
[ChangesEnvironment]
public sealed class DeployTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context)
    {
        var target = new LocalTarget(context);
        return context.Audit.StepAsync("Deploy", null, async () =>
        {
            await LiveSlotReconciliation.RunAsync(context, target);
            var release = await context.Audit.StepAsync("Deploy/install", null, () =>
                Task.FromResult(target.Store.Install(ReleasePackaging.Folder(context))));
            switch (context.Settings.Strategy)
            {
                case ReleaseStrategy.BlueGreen:
                    await new BlueGreenRelease(context, target).DeployAsync(release);
                    break;
                default:
                    throw new RecipeUsageException($"Strategy '{context.Settings.Strategy}' has no implementation on the local target.");
            }
        }, context.Inputs);
    }
}
