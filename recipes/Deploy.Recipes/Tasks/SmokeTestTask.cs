using Cake.Common.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>Runs the smoke checks as a customer would, against the live release.</summary>
[TaskName("SmokeTest")]
[TaskDescription("Runs the smoke checks against the live release, through the public port as a customer.")]
public sealed class SmokeTestTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override Task RunAsync(DeployContext context) =>
        context.Audit.StepAsync("SmokeTest", null, async () =>
        {
            var target = new LocalTarget(context);
            target.Edge.RestartIfCrashed();
            using var edge = target.RunningEdge();
            var live = LocalTarget.LiveSlot(await edge.StateAsync())
                       ?? throw new InvalidOperationException($"No release is live in '{context.Settings.Environment}'.");
            var results = await SmokeChecks.RunAsync(edge.CustomerGetAsync, ReleaseHealth.From(context.Settings).SmokeChecks,
                new ExpectedRelease(live.Version!, Slot: live.Name));
            context.Information("Smoke checks passed on {0} ({1}): {2}", edge.PublicUrl, live.Version, string.Join("; ", results));
        }, context.Inputs);
}
