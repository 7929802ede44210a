using Cake.Common.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Shows customers the maintenance page; operators and health checks still reach the app.</summary>
[TaskName("MaintenanceOn")]
[TaskDescription("Shows customers the maintenance page (503 with Retry-After); operators and health checks still reach the app.")]
[ChangesEnvironment]
public sealed class MaintenanceOnTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("MaintenanceOn", null, async () =>
        {
            var hosts = await target.OpenAsync(EdgeDemand.Running, RunInterruption.Token);
            var page = new Maintenance(true, context.Settings.MaintenanceMessage, context.Settings.RetryAfter);
            await Task.WhenAll(hosts.Select(host =>
                context.Audit.HostStepAsync("MaintenanceOn/host", null, host.Name, () => host.Edge!.SetMaintenanceAsync(page))));
            foreach (var host in hosts)
                context.Information("Maintenance mode is on for {0}: customers get 503 (Retry-After {1} s).", host.PublicUrl, context.Settings.RetryAfter);
            await context.Events.PublishAsync(ReleaseEventKind.MaintenanceOn, null, null, $"Maintenance mode is on for {context.Settings.Environment} (by {context.Actor}): customers see the maintenance page.");
        }, context.Inputs);
    }
}
