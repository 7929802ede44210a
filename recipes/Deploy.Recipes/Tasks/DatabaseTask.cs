using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>A database step: skipped, and saying so, when the app declares no database (setting <c>database</c> empty).</summary>
public abstract class DatabaseTask(string what) : AsyncRecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override bool ShouldRun(DeployContext context)
    {
        if (context.Settings.Database.Length > 0)
            return true;
        context.Information("{0}: the app declares no database (setting 'database' is empty); nothing to {1}.", TaskRegistration.NameOf(GetType()), what);
        return false;
    }
}
