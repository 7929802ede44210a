using Deploy.Recipes.Hosting;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>Sends traffic back to the previous known-good release (<c>--to=&lt;release&gt;</c> for an older one).</summary>
[TaskName("Rollback")]
[TaskDescription("Sends traffic back to the previous known-good release (--to=<release> for another; a failed one only with --force).")]
[ChangesEnvironment]
public sealed class RollbackTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context)
    {
        var target = new LocalTarget(context);
        target.Edge.RestartIfCrashed();
        return context.Audit.StepAsync("Rollback", null, async () =>
        {
            await LiveSlotReconciliation.RunAsync(context, target);
            await new ReleaseRollback(context, target).RollbackAsync();
        }, context.Inputs);
    }
}
