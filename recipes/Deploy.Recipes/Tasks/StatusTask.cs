using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Tasks;

/// <summary>Shows what runs where; <c>--format=json</c> for scripts.</summary>
[TaskName("Status")]
[TaskDescription("Shows what runs where: active release, traffic split, warm slots, last releases, audit tail (--format=json).")]
public sealed class StatusTask : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override async Task RunAsync(DeployContext context)
    {
        var target = new LocalTarget(context);
        target.Edge.RestartIfCrashed();
        await LiveSlotReconciliation.RunAsync(context, target);
        var status = await EnvironmentStatus.ReadAsync(context.Settings.Environment, target, context.Audit);
        // Printed straight to stdout, not through the log, so `--format=json` output is parseable as it is.
        Console.Out.Write(context.Settings.Format == OutputFormat.Json ? status.ToJson() + "\n" : status.ToText());
    }
}
