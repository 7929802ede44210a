using Cake.Core;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes;

/// <summary>The context the recipe's tasks work on: a Cake context plus the bound <see cref="DeploySettings"/>.</summary>
public class DeployContext(ICakeContext context, DeploySettings settings) : RecipeContext(context)
{
    /// <summary>The settings after cake.config, environment and argument overrides.</summary>
    public DeploySettings Settings { get; } = settings;

    /// <summary>A path from the settings, made absolute against the working directory.</summary>
    public string PathOf(string relative) => Path.GetFullPath(relative, Environment.WorkingDirectory.FullPath);
}
