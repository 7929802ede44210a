using Deploy.Recipes.Hosting;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>Sends traffic back to the previous known-good release (<c>--to=&lt;release&gt;</c> for an older one).</summary>
[TaskName("Rollback")]
[TaskDescription("Sends traffic back to the previous known-good release (--to=<release> for an older one).")]
[ChangesEnvironment]
public sealed class RollbackTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context)
    {
        new LocalTarget(context).Edge.RestartIfCrashed();
        return context.Audit.StepAsync("Rollback", null, () => new ReleaseRollback(context, new LocalTarget(context)).RollbackAsync(), context.Inputs);
    }
}
