using System.Reflection;
using Cake.Common.Diagnostics;
using Cake.Core;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tasks;

namespace Deploy.Recipes;

/// <summary>Adds the recipe's task graph to a <see cref="RecipeHost"/>.</summary>
public static class DeployRecipe
{
    /// <summary>
    /// Registers the recipe's tasks and its <see cref="DeploySettings"/> (section <c>[Deploy]</c>, prefix
    /// <c>DEPLOY_</c>). The host's context becomes <see cref="DeployContext"/> unless it already derives from it.
    /// Before the first task, the settings are checked and, when the run changes the environment (a task of its plan is
    /// marked <see cref="ChangesEnvironmentAttribute"/>), arguments that name no setting and that no task of the run
    /// reads are refused (unless <c>--allow-unknown-arguments</c>), then its deployment lock is taken; it is released
    /// after the last task.
    /// </summary>
    public static RecipeHost UseDeployRecipe(this RecipeHost host, Action<DeploySettings> configure)
    {
        var settings = new DeploySettings();
        configure(settings);
        if (!typeof(DeployContext).IsAssignableFrom(host.ContextType))
            host.UseContext<DeployContext>();
        return host
            .AddAssembly(typeof(DeployRecipe).Assembly)
            .UseSettings(settings, "Deploy", "DEPLOY_")
            .OnSetup((context, info, plan) => PrepareRun((DeployContext)context, info, plan))
            .OnTeardown((context, _) => ((DeployContext)context).Lock?.Dispose());
    }

    private static void PrepareRun(DeployContext context, ISetupContext info, RecipePlan plan)
    {
        context.Validate();
        var changing = plan.Tasks.Where(t => t.GetCustomAttribute<ChangesEnvironmentAttribute>() != null).ToList();
        if (changing.Count == 0)
            return;
        RefuseUnreadArguments(context, plan, changing);
        var me = new LockHolder(
            Environment.ProcessId, ProcessIdentity.StartTicks(Environment.ProcessId), context.Actor, Environment.MachineName,
            info.TargetTask.Name, DateTimeOffset.UtcNow);
        context.Lock = DeploymentLock.Acquire(context.Paths.Lock, me, context.Settings.LockWait, context.Settings.ForceUnlock, m => context.Warning(m));
        // Checked before the database steps run, so a release that could not be served never migrates anything.
        if (changing.Contains(typeof(DeployTask)))
            CheckCanServe(context);
    }

    private static void CheckCanServe(DeployContext context)
    {
        var target = Targets.ReleaseTargets.For(context);
        try
        {
            target.CheckCanServeAsync(RunInterruption.Token).GetAwaiter().GetResult();
        }
        finally
        {
            target.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // An argument no setting names may be a setting of a newer recipe, or one mistyped beyond "did you mean": going
    // ahead would change the environment with the default instead of what was asked for.
    private static void RefuseUnreadArguments(DeployContext context, RecipePlan plan, IReadOnlyList<Type> changing)
    {
        var unread = plan.UnreadArguments;
        if (unread.Count == 0)
            return;
        var listed = string.Join(", ", unread.Select(a => "--" + a));
        if (context.Settings.AllowUnknownArguments)
        {
            context.Warning("Argument(s) {0} name no setting and no task of this run declares it reads them; going ahead (--allow-unknown-arguments).", listed);
            return;
        }

        throw new RecipeUsageException(
            $"Argument(s) {listed} name no setting of this recipe, and no task of this run declares it reads them. " +
            $"This run changes '{context.Settings.Environment}' ({string.Join(", ", changing.Select(TaskRegistration.NameOf))}), so nothing was run: " +
            "a setting this version does not have would otherwise be ignored. Check the spelling (./build.sh --help lists the settings), " +
            "declare [ReadsArgument(\"name\")] on the task that reads it, or pass --allow-unknown-arguments.");
    }
}
