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
    /// Before the first task, the settings are checked and, when the run changes the environment, its deployment
    /// lock is taken; it is released after the last task.
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
            .OnSetup((context, info) => TakeLockIfChanging((DeployContext)context, info))
            .OnTeardown((context, _) => ((DeployContext)context).Lock?.Dispose());
    }

    private static void TakeLockIfChanging(DeployContext context, ISetupContext info)
    {
        context.Validate();
        var changing = ChangingTaskNames();
        var planned = info.TasksToExecute.Select(t => t.Name).Where(changing.Contains).ToList();
        if (planned.Count == 0)
            return;
        var me = new LockHolder(
            Environment.ProcessId, ProcessIdentity.StartTicks(Environment.ProcessId), context.Actor, Environment.MachineName,
            info.TargetTask.Name, DateTimeOffset.UtcNow);
        context.Lock = DeploymentLock.Acquire(context.Paths.Lock, me, context.Settings.LockWait, context.Settings.ForceUnlock, m => context.Warning(m));
        // Checked before the database steps run, so a release that could not be served never migrates anything.
        if (planned.Contains(TaskRegistration.NameOf(typeof(DeployTask)), StringComparer.OrdinalIgnoreCase))
            _ = new Targets.Local.LocalTarget(context).Edge.CheckCanServe();
    }

    private static HashSet<string> ChangingTaskNames() =>
        new[] { typeof(DeployRecipe).Assembly, Assembly.GetEntryAssembly() }
            .OfType<Assembly>()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetCustomAttribute<ChangesEnvironmentAttribute>() != null)
            .Select(TaskRegistration.NameOf)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
