using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tasks;
using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>A task of the test's own that changes the environment (so the run holds the lock), running <see cref="FleetTaskRun.Body"/>.</summary>
[TaskName("FleetChange")]
[ChangesEnvironment]
internal sealed class FleetChangeTask : AsyncRecipeTask<DeployContext>
{
    public override Task RunAsync(DeployContext context) => FleetTaskRun.Body!(context);
}

/// <summary>A task of the test's own that only looks (no lock), running <see cref="FleetTaskRun.Body"/>.</summary>
[TaskName("FleetLook")]
internal sealed class FleetLookTask : AsyncRecipeTask<DeployContext>
{
    public override Task RunAsync(DeployContext context) => FleetTaskRun.Body!(context);
}

/// <summary>
/// Runs the recipe in-process in a repository folder with one of the tasks above, so a test drives the SSH target
/// through a real <see cref="DeployContext"/> (settings, lock, audit) with its own code.
/// </summary>
internal static class FleetTaskRun
{
    public static Func<DeployContext, Task>? Body { get; private set; }

    public static (int Exit, CapturingConsole Console) Run(string repository, string task, Func<DeployContext, Task> body, params string[] args)
    {
        Body = body;
        var console = new CapturingConsole();
        var exit = new RecipeHost()
            .UseDeployRecipe(_ => { })
            .AddTask<FleetChangeTask>()
            .AddTask<FleetLookTask>()
            .UseWorkingDirectory(repository)
            .UseConsole(console)
            .UseEnvironmentVariables(_ => null)
            .Run([$"--target={task}", .. args]);
        return (exit, console);
    }
}
