using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>Shows customers the maintenance page; operators and health checks still reach the app.</summary>
[TaskName("MaintenanceOn")]
[TaskDescription("Shows customers the maintenance page (503 with Retry-After); operators and health checks still reach the app.")]
[ChangesEnvironment]
public sealed class MaintenanceOnTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("MaintenanceOn", null, async () =>
        {
            var target = new LocalTarget(context);
            target.Edge.RestartIfCrashed();
            using var edge = target.RunningEdge();
            await edge.SetMaintenanceAsync(new Maintenance(true, context.Settings.MaintenanceMessage, context.Settings.RetryAfter));
            context.Information("Maintenance mode is on for {0}: customers get 503 (Retry-After {1} s).", edge.PublicUrl, context.Settings.RetryAfter);
        }, context.Inputs);
}
