using Cake.Common.Tools.DotNet;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Restores the app's and the test projects' packages.</summary>
[TaskName("Restore")]
[TaskDescription("Restores the app's and the tests' NuGet packages.")]
public sealed class RestoreTask : BuildStepTask
{
    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        foreach (var project in RecipeProjects.All(context))
            context.DotNetRestore(project);
    }
}
