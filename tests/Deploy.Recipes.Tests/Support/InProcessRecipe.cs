using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tests.Support;

/// <summary>The recipe with no configuration, run in-process in a repository folder, with no DEPLOY_* variables.</summary>
internal static class InProcessRecipe
{
    /// <summary>Runs it with <paramref name="args"/>; returns the exit code and what it printed.</summary>
    public static (int Exit, CapturingConsole Console) Run(string repository, params string[] args)
    {
        var console = new CapturingConsole();
        var exit = new RecipeHost()
            .UseDeployRecipe(_ => { })
            .UseWorkingDirectory(repository)
            .UseConsole(console)
            .UseEnvironmentVariables(_ => null)
            .Run(args);
        return (exit, console);
    }
}
