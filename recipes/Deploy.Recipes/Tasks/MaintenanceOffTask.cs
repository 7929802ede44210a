using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>Ends maintenance mode.</summary>
[TaskName("MaintenanceOff")]
[TaskDescription("Ends maintenance mode; customers reach the app again.")]
[ChangesEnvironment]
public sealed class MaintenanceOffTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("MaintenanceOff", null, async () =>
        {
            var target = new LocalTarget(context);
            target.Edge.RestartIfCrashed();
            using var edge = target.RunningEdge();
            await edge.SetMaintenanceAsync(new Maintenance(false, context.Settings.MaintenanceMessage, context.Settings.RetryAfter));
            context.Information("Maintenance mode is off for {0}.", edge.PublicUrl);
        }, context.Inputs);
}
