using Deploy.Recipes.Audit.Report;
using Deploy.Recipes.Health.Timeline;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Sends traffic back to the previous known-good release (<c>--to=&lt;release&gt;</c> for an older one), on every host.</summary>
[TaskName("Rollback")]
[TaskDescription("Sends traffic back to the previous known-good release (--to=<release> for another; a failed one only with --force).")]
[ChangesEnvironment]
public sealed class RollbackTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("Rollback", null, async () =>
        {
            CanaryGuard.RefuseWhileRunning(target.History, "Rollback");
            var hosts = await target.OpenAsync(EdgeDemand.Running, RunInterruption.Token);
            await using var timeline = ReleaseTimeline.Start(context, hosts);
            await LiveSlotReconciliation.RunAsync(context, target, hosts);
            await new ReleaseRollback(context, target, hosts).RollbackAsync();
        }, context.Inputs);
    }

    /// <summary>Writes the release report of the release rolled back to, also when the rollback failed.</summary>
    public override void Finally(DeployContext context) => ReleaseReportFiles.WriteAfterRelease(context);
}
