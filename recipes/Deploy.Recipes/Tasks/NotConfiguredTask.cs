using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// A task of the graph whose concern this version of the recipe does not provide yet. It fails before changing
/// anything, naming what is missing, so a pipeline never mistakes it for a release that happened.
/// </summary>
public abstract class NotConfiguredTask(string missing) : RecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override void Run(DeployContext context) =>
        throw new InvalidOperationException(
            $"{TaskRegistration.NameOf(GetType())} is not configured yet: {missing} Nothing was changed.");
}
