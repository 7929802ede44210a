using Cake.Common.Diagnostics;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// A database step: skipped, and saying so, when the app declares no database (setting <c>database</c> empty);
/// otherwise it fails before touching anything, because database support is not in this version yet.
/// </summary>
public abstract class DatabaseTask(string what) : NotConfiguredTask("this version of Deploy.Recipes has no database support (Database/).")
{
    /// <inheritdoc />
    public override bool ShouldRun(DeployContext context)
    {
        if (context.Settings.Database.Length > 0)
            return true;
        context.Information("{0}: the app declares no database (setting 'database' is empty); nothing to {1}.", GetType().Name.Replace("Task", ""), what);
        return false;
    }
}
