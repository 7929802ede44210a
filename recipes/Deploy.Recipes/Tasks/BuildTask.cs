using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Build;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Compiles the app and its test projects.</summary>
[TaskName("Build")]
[TaskDescription("Compiles the app and its tests.")]
[IsDependentOn(typeof(RestoreTask))]
public sealed class BuildTask : BuildStepTask
{
    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        var settings = new DotNetBuildSettings { Configuration = context.Settings.Configuration, NoRestore = true, NoLogo = true };
        foreach (var project in RecipeProjects.All(context))
            context.DotNetBuild(project, settings);
    }
}
