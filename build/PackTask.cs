using Cake.Common.Diagnostics;
using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Pack;
using Deploy.Recipes;
using Deploy.Recipes.Hosting;

namespace Build;

/// <summary>
/// Writes the Deploy.Recipes NuGet package and the Deploy.Recipes.Templates package (<c>dotnet new deploy-recipe</c>)
/// to <c>artifacts/</c>, at one version: the template's build program references the recipe it was packed with.
/// </summary>
[TaskName("Pack")]
[TaskDescription("Writes the Deploy.Recipes package and the Deploy.Recipes.Templates package (dotnet new deploy-recipe) to artifacts/.")]
public sealed class PackTask : RecipeTask<DeployContext>
{
    private static readonly string[] Projects =
    [
        "recipes/Deploy.Recipes/Deploy.Recipes.csproj",
        "templates/dotnet/Deploy.Recipes.Templates.csproj",
    ];

    public override void Run(DeployContext context)
    {
        var output = context.PathOf(context.Settings.Artifacts);
        foreach (var project in Projects)
        {
            context.DotNetPack(context.PathOf(project), new DotNetPackSettings
            {
                Configuration = context.Settings.Configuration,
                OutputDirectory = output,
                NoLogo = true,
            });
        }

        context.Information("Packages written to {0}", output);
    }
}
