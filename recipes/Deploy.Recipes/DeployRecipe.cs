using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes;

/// <summary>Adds the recipe's task graph to a <see cref="RecipeHost"/>.</summary>
public static class DeployRecipe
{
    /// <summary>
    /// Registers the recipe's tasks and its <see cref="DeploySettings"/> (section <c>[Deploy]</c>, prefix
    /// <c>DEPLOY_</c>). The host's context becomes <see cref="DeployContext"/> unless it already derives from it.
    /// </summary>
    public static RecipeHost UseDeployRecipe(this RecipeHost host, Action<DeploySettings> configure)
    {
        var settings = new DeploySettings();
        configure(settings);
        if (!typeof(DeployContext).IsAssignableFrom(host.ContextType))
            host.UseContext<DeployContext>();
        return host
            .AddAssembly(typeof(DeployRecipe).Assembly)
            .UseSettings(settings, "Deploy", "DEPLOY_");
    }
}
