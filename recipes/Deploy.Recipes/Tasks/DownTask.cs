using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>Stops the environment's edge and every release process; installed releases, data and logs stay.</summary>
[TaskName("Down")]
[TaskDescription("Stops the environment's edge and every release process it started (releases, data and logs stay).")]
[ChangesEnvironment]
public sealed class DownTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("Down", null, async () =>
        {
            var target = new LocalTarget(context);
            if (await target.Edge.StopAsync(TimeSpan.FromSeconds(30)))
                context.Information("Stopped the edge of '{0}' and its releases.", context.Settings.Environment);
            else
                context.Information("The edge of '{0}' was not running; nothing to stop.", context.Settings.Environment);
            target.History.EndLive(null, ReleaseOutcome.Stopped);
        }, context.Inputs);
}
