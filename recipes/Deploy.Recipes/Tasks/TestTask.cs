using Cake.Common.Diagnostics;
using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Test;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Runs the app's test projects; a failing test stops the release before anything is packaged.</summary>
[TaskName("Test")]
[TaskDescription("Runs the app's tests; a failure stops the release before it is packaged.")]
[IsDependentOn(typeof(BuildTask))]
public sealed class TestTask : BuildStepTask
{
    /// <inheritdoc />
    public override bool ShouldRun(DeployContext context)
    {
        if (!base.ShouldRun(context))
            return false;
        if (RecipeProjects.Tests(context).Count > 0)
            return true;
        context.Warning("Test: no test projects are configured (setting 'tests'{0}) or found (projects referencing Microsoft.NET.Test.Sdk); the app is released untested.",
            context.Settings.Tests.Count > 0 ? " is " + RecipeProjects.NoTests : "");
        return false;
    }

    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        var results = Path.Combine(context.PathOf(context.Settings.Artifacts), "test-results");
        foreach (var project in RecipeProjects.Tests(context))
        {
            context.DotNetTest(project, new DotNetTestSettings
            {
                Configuration = context.Settings.Configuration,
                NoBuild = true,
                NoRestore = true,
                NoLogo = true,
                ResultsDirectory = results,
                Loggers = [$"trx;LogFilePrefix={Path.GetFileNameWithoutExtension(project)}"],
            });
        }
    }
}
