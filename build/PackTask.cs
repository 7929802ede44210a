using Cake.Common.Diagnostics;
using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Pack;
using Deploy.Recipes;
using Deploy.Recipes.Hosting;

namespace Build;

/// <summary>Writes the Deploy.Recipes NuGet package to <c>artifacts/</c>.</summary>
[TaskName("Pack")]
[TaskDescription("Writes the Deploy.Recipes NuGet package to artifacts/.")]
public sealed class PackTask : RecipeTask<DeployContext>
{
    public override void Run(DeployContext context)
    {
        var output = context.PathOf(context.Settings.Artifacts);
        context.DotNetPack(context.PathOf("recipes/Deploy.Recipes/Deploy.Recipes.csproj"), new DotNetPackSettings
        {
            Configuration = context.Settings.Configuration,
            OutputDirectory = output,
            NoLogo = true,
        });
        context.Information("Package written to {0}", output);
    }
}
