using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Ends maintenance mode.</summary>
[TaskName("MaintenanceOff")]
[TaskDescription("Ends maintenance mode; customers reach the app again.")]
[ChangesEnvironment]
public sealed class MaintenanceOffTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("MaintenanceOff", null, async () =>
        {
            var hosts = await target.OpenAsync(EdgeDemand.Running, RunInterruption.Token);
            var page = new Maintenance(false, context.Settings.MaintenanceMessage, context.Settings.RetryAfter);
            await Task.WhenAll(hosts.Select(host =>
                context.Audit.HostStepAsync("MaintenanceOff/host", null, host.Name, () => host.Edge!.SetMaintenanceAsync(page))));
            foreach (var host in hosts)
                context.Information("Maintenance mode is off for {0}.", host.PublicUrl);
            await context.Events.PublishAsync(ReleaseEventKind.MaintenanceOff, null, null, $"Maintenance mode is off for {context.Settings.Environment} (by {context.Actor}): customers reach the app again.");
        }, context.Inputs);
    }
}
