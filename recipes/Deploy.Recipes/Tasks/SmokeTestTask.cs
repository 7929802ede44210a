using Cake.Common.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Runs the smoke checks as a customer would, against the live release on every host.</summary>
[TaskName("SmokeTest")]
[TaskDescription("Runs the smoke checks against the live release on every host, through its public port as a customer.")]
public sealed class SmokeTestTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        await context.Audit.StepAsync("SmokeTest", null, async () =>
        {
            var hosts = await target.OpenAsync(EdgeDemand.Running, RunInterruption.Token);
            var checks = ReleaseHealth.From(context.Settings).SmokeChecks;
            var failures = new List<string>();
            foreach (var host in hosts)
            {
                try
                {
                    var edge = host.Edge!;
                    var live = SlotTraffic.LiveSlot(await edge.StateAsync())
                               ?? throw new InvalidOperationException($"No release is live in '{context.Settings.Environment}'{HostLabel.On(host)}.");
                    var results = await context.Audit.HostStepAsync("SmokeTest/host", live.Release, host.Name, async () =>
                        await SmokeChecks.RunAsync(edge.CustomerGetAsync, checks, new ExpectedRelease(live.Version!, Slot: live.Name)));
                    context.Information("Smoke checks passed on {0} ({1}): {2}", host.PublicUrl, live.Version, string.Join("; ", results));
                }
                catch (Exception e) when (hosts.Count > 1)
                {
                    failures.Add($"{host.Name}: {e.Message}");
                }
            }

            if (failures.Count > 0)
                throw new ReleaseCheckFailedException($"Smoke checks failed on {failures.Count} of {hosts.Count} hosts: {string.Join("; ", failures)}");
        }, context.Inputs);
    }
}
