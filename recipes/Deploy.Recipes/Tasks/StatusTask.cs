using Deploy.Recipes.Containers;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Tasks;

/// <summary>Shows what runs where, host by host, and how the fleet stands; <c>--format=json</c> for scripts.</summary>
[TaskName("Status")]
[TaskDescription("Shows what runs where: active release, traffic split, warm slots per host, the fleet's verdict, last releases, audit tail (--format=json).")]
public sealed class StatusTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        await using var target = ReleaseTargets.For(context);
        var hosts = await target.OpenAsync(EdgeDemand.IfRunning, RunInterruption.Token);
        await LiveSlotReconciliation.RunAsync(context, target, hosts);
        var status = await EnvironmentStatus.ReadAsync(context.Settings.Environment, target, hosts, context.Audit);
        status = status with { Containers = await ContainerStatus.ReadAsync(hosts, status.Hosts, context.Settings.DockerHost) };
        // Printed straight to stdout, not through the log, so `--format=json` output is parseable as it is.
        Console.Out.Write(context.Settings.Format == OutputFormat.Json ? status.ToJson() + "\n" : status.ToText());
    }
}
