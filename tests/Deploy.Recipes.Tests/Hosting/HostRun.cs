using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Recipes.Tests.Hosting;

/// <summary>Runs a host in-process on the journal context with the given tasks and captures what it did and printed.</summary>
internal sealed class HostRun
{
    public Journal Journal { get; } = new();

    public CapturingConsole Console { get; } = new();

    public int ExitCode { get; private set; }

    public static HostRun Of(Action<RecipeHost> configure, params string[] args)
    {
        var run = new HostRun();
        var host = new RecipeHost()
            .UseContext<JournalContext>()
            .UseConsole(run.Console)
            .UseEnvironmentVariables(_ => null)
            .ConfigureServices(services => services.AddSingleton(run.Journal));
        configure(host);
        run.ExitCode = host.Run(args);
        return run;
    }

    public static RecipeHost AllTasks(RecipeHost host) => host
        .AddTask<FirstTask>().AddTask<SecondTask>().AddTask<ThirdTask>().AddTask<PrepareTask>()
        .AddTask<SkippedTask>().AddTask<AfterSkippedTask>().AddTask<FailingTask>().AddTask<AfterFailingTask>()
        .AddTask<HandledTask>().AddTask<AfterHandledTask>().AddTask<RethrowingTask>().AddTask<SucceedingTask>()
        .AddTask<ToleratedTask>().AddTask<AfterToleratedTask>();
}
