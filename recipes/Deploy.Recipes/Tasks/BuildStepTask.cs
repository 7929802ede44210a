using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>A step that makes the artifact: skipped, and saying so, when the run deploys a prebuilt artifact.</summary>
public abstract class BuildStepTask : RecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override bool ShouldRun(DeployContext context)
    {
        if (!context.Settings.Prebuilt)
            return true;
        context.Information("{0}: skipped, the run deploys the prebuilt artifact (--prebuilt).", TaskRegistration.NameOf(GetType()));
        return false;
    }
}
