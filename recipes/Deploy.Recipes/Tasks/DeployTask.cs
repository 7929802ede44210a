using Deploy.Recipes.Audit.Report;
using Deploy.Recipes.Health.Timeline;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Notifications;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Strategies;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Releases the packaged artifact to the environment's hosts with the configured strategy.</summary>
[TaskName("Deploy")]
[TaskDescription("Starts the packaged release beside the live one, smoke-checks it, switches traffic, and rolls back by itself if checks fail.")]
[IsDependentOn(typeof(MigrateTask))]
[ChangesEnvironment]
public sealed class DeployTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("Deploy", null, async () =>
        {
            // The history is reconciled with the edges as found, before any is started: a fresh edge serves nothing, and
            // that must not read as "the live release stopped".
            CanaryGuard.RefuseWhileRunning(target.History, "Deploy");
            await LiveSlotReconciliation.RunAsync(context, target, await target.OpenAsync(EdgeDemand.AsFound, RunInterruption.Token));
            var release = await context.Audit.StepAsync("Deploy/install", null, () =>
                Task.FromResult(target.Store.Install(ReleasePackaging.Folder(context))));
            var version = release.Manifest.Version;
            // The Changes task told it before Migrate; a run of Deploy alone (--exclusive) tells it here.
            if (context.Events.Changes == null)
                ChangesTask.Plan(context, target.History, release.Manifest, ReleasePackaging.Folder(context));
            // A re-run with the release already live is no new release: nobody is told one started (and DORA counts none),
            // though a host it still has to reach can fail and that is told.
            if (target.History.Live?.Id != release.Id)
                await context.Events.PublishAsync(ReleaseEventKind.Started, release.Id, version,
                    $"Release {version} is being deployed to {context.Settings.Environment} by {context.Actor} ({context.Settings.Strategy.ToString().ToLowerInvariant()}).",
                    previous: target.History.Live?.Id);
            try
            {
                var hosts = await context.Audit.StepAsync("Deploy/edge", null, () => target.OpenAsync(EdgeDemand.Start, RunInterruption.Token));
                await using var timeline = ReleaseTimeline.Start(context, hosts);
                switch (context.Settings.Strategy)
                {
                    case ReleaseStrategy.BlueGreen:
                        await new BlueGreenRelease(context, target, hosts).DeployAsync(release);
                        break;
                    case ReleaseStrategy.Rolling:
                        await new RollingRelease(context, target, hosts).DeployAsync(release);
                        break;
                    case ReleaseStrategy.Canary:
                        await new CanaryRelease(context, target, hosts).DeployAsync(release);
                        break;
                    default:
                        throw new RecipeUsageException($"Strategy '{context.Settings.Strategy}' has no implementation.");
                }
            }
            catch (Exception failure)
            {
                // The strategy has usually told it already, with its reason; this covers what it could not (an edge that
                // would not start, an interrupted run).
                await context.Events.PublishAsync(ReleaseEventKind.Failed, release.Id, version, $"Release {version} failed: {failure.Message}", failure.Message);
                throw;
            }
        }, context.Inputs);
    }

    /// <summary>Writes the release report, also (above all) of a release that failed.</summary>
    public override void Finally(DeployContext context) => ReleaseReportFiles.WriteAfterRelease(context);
}
