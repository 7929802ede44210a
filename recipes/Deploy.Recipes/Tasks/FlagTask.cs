using Deploy.Recipes.Flags;
using Deploy.Recipes.Health.Analysis;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Changes a feature flag of the environment on every host, where the running releases read it without a restart:
/// <c>--flag=NAME --percent=N</c>, <c>--users=a,b</c>, or <c>--off</c> (the kill switch). A change that gives the feature
/// to more users is followed by an analysis window that turns the flag off by itself when the live release gets worse.
/// </summary>
[TaskName("Flag")]
[TaskDescription("Changes a feature flag on every host (--flag=NAME --percent=N | --users=a,b | --off); widening changes are analysed and undone on a fail.")]
[ChangesEnvironment]
public sealed class FlagTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        // Checked before any host is opened: a bad flag command changes nothing.
        var change = FlagChange.From(context.Settings);
        var metrics = change.Off ? null : AnalysisMetricsChoice.From(context.Settings);
        await using var target = ReleaseTargets.For(context);
        // The kill switch needs no edge (it never analyses), and must work while one is down.
        var hosts = await target.OpenAsync(change.Off ? EdgeDemand.AsFound : EdgeDemand.Running, RunInterruption.Token);
        var watch = metrics == null ? null : new FlagWatch(context, metrics);
        await new FlagRelease(context, hosts, watch).ApplyAsync(change, RunInterruption.Token);
    }
}
