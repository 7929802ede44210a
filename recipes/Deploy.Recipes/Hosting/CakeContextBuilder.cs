using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// Builds a real Cake.Core context (file system, environment, globber, process runner, tool locator, configuration)
/// the way the Cake runner wires it, so every Cake.Common alias behaves as it does under Cake itself.
/// </summary>
internal sealed class CakeContextBuilder
{
    public CakeContextBuilder(CakeEnvironment environment, IConsole console, Verbosity verbosity, string? workingDirectory, ILookup<string, string> arguments)
    {
        Environment = environment;
        if (workingDirectory != null)
            Environment.WorkingDirectory = new DirectoryPath(System.IO.Path.GetFullPath(workingDirectory));
        Console = console;
        Log = new RedactingLog(new CakeBuildLog(Console, verbosity));
        FileSystem = new FileSystem();
        Arguments = new CakeArguments(arguments);
        try
        {
            Configuration = CakeConfigFile.Create(Environment, Environment.WorkingDirectory.FullPath, arguments);
        }
        catch (Exception unreadable) when (unreadable is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new RecipeUsageException(
                $"cake.config in {Environment.WorkingDirectory.FullPath} cannot be read: {unreadable.Message} Lines look like [Section] or key=value.");
        }
    }

    public CakeEnvironment Environment { get; }

    public IConsole Console { get; }

    public RedactingLog Log { get; }

    public IFileSystem FileSystem { get; }

    public ICakeArguments Arguments { get; }

    public ICakeConfiguration Configuration { get; }

    public ICakeDataService Data { get; } = new CakeDataService();

    public ICakeContext Build(IServiceProvider services)
    {
        var globber = new Globber(FileSystem, Environment);
        var tools = new ToolLocator(
            Environment,
            new ToolRepository(Environment),
            new ToolResolutionStrategy(FileSystem, Environment, globber, Configuration, Log));
        return new CakeContext(
            FileSystem,
            Environment,
            globber,
            Log,
            Arguments,
            new ProcessRunner(FileSystem, Environment, Log, tools, Configuration),
            new WindowsRegistry(),
            tools,
            Data,
            Configuration,
            new ToolInstallRefusal(),
            services);
    }
}
