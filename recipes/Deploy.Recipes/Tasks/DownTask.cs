using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Stops the environment's edges and every release process on every host; installed releases, data and logs stay.</summary>
[TaskName("Down")]
[TaskDescription("Stops the environment's edge and every release process it started, on every host (releases, data and logs stay).")]
[ChangesEnvironment]
public sealed class DownTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("Down", null, async () =>
        {
            var hosts = await target.OpenAsync(EdgeDemand.AsFound, RunInterruption.Token);
            var environment = context.Settings.Environment;
            var stopped = await Task.WhenAll(hosts.Select(host =>
                context.Audit.HostStepAsync("Down/stop", null, host.Name, () => host.StopEdgeAsync(TimeSpan.FromSeconds(30)))));
            for (var i = 0; i < hosts.Count; i++)
            {
                var on = HostLabel.On(hosts[i]);
                if (stopped[i])
                    context.Information("Stopped the edge of '{0}'{1} and its releases.", environment, on);
                else
                    context.Information("The edge of '{0}'{1} was not running; nothing to stop.", environment, on);
            }

            target.History.EndLive(null, ReleaseOutcome.Stopped);
        }, context.Inputs);
    }
}
