using Cake.Common.IO;
using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Clean;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Removes build outputs and the artifacts folder. Never touches deployed releases under <c>.deploy/</c>.</summary>
[TaskName("Clean")]
[TaskDescription("Removes build outputs and the artifacts folder (never deployed releases).")]
public sealed class CleanTask : RecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        var settings = new DotNetCleanSettings { Configuration = context.Settings.Configuration, NoLogo = true };
        foreach (var project in RecipeProjects.All(context))
            context.DotNetClean(project, settings);
        var artifacts = context.PathOf(context.Settings.Artifacts);
        if (context.DirectoryExists(artifacts))
            context.DeleteDirectory(artifacts, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
}
