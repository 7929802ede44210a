using System.Reflection;
using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// The build program's entry point: a Cake.Frosting-shaped host over the real Cake engine.
/// <code>
/// return new RecipeHost()
///     .UseDeployRecipe(recipe => recipe.App = "src/Shop/Shop.csproj")
///     .Run(args);
/// </code>
/// Tasks are the <see cref="IRecipeTask"/> classes of the entry assembly and of every assembly added with
/// <see cref="AddAssembly"/>; <see cref="Run"/> returns the process exit code.
/// </summary>
public sealed class RecipeHost
{
    private readonly List<Assembly> _assemblies = [];
    private readonly List<Type> _taskTypes = [];
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly List<(object Settings, IReadOnlyList<SettingDescriptor> Descriptors)> _settings = [];
    private Type _contextType = typeof(RecipeContext);
    private Type? _lifetimeType;
    private readonly List<Action<ICakeContext, ISetupContext, RecipePlan>> _setups = [];
    private readonly List<Action<ICakeContext, ITeardownContext>> _teardowns = [];
    private string? _workingDirectory;
    private string _defaultTarget = "Default";
    private IConsole? _console;
    private Func<string, string?> _environmentVariable = System.Environment.GetEnvironmentVariable;

    /// <summary>Creates a host that registers the tasks of the entry assembly.</summary>
    public RecipeHost()
    {
        if (Assembly.GetEntryAssembly() is { } entry)
            _assemblies.Add(entry);
    }

    /// <summary>The context type every task receives; it needs a constructor taking <see cref="ICakeContext"/>.</summary>
    public Type ContextType => _contextType;

    /// <summary>Uses <typeparamref name="TContext"/> as the build context (default <see cref="RecipeContext"/>).</summary>
    public RecipeHost UseContext<TContext>() where TContext : class, ICakeContext
    {
        _contextType = typeof(TContext);
        return this;
    }

    /// <summary>Runs <typeparamref name="TLifetime"/>'s Setup before the first task and Teardown after the last.</summary>
    public RecipeHost UseLifetime<TLifetime>() where TLifetime : class, IRecipeLifetime
    {
        _lifetimeType = typeof(TLifetime);
        return this;
    }

    /// <summary>Runs <paramref name="setup"/> before the first task (after the lifetime's Setup); not in a dry run.</summary>
    public RecipeHost OnSetup(Action<ICakeContext, ISetupContext> setup)
    {
        _setups.Add((context, info, _) => setup(context, info));
        return this;
    }

    /// <summary>
    /// Runs <paramref name="setup"/> before the first task, as <see cref="OnSetup(Action{ICakeContext, ISetupContext})"/>,
    /// with the <see cref="RecipePlan"/>: the task classes about to run and the arguments no setting names.
    /// </summary>
    public RecipeHost OnSetup(Action<ICakeContext, ISetupContext, RecipePlan> setup)
    {
        _setups.Add(setup);
        return this;
    }

    /// <summary>Runs <paramref name="teardown"/> after the last task, also after a failure (before the lifetime's Teardown).</summary>
    public RecipeHost OnTeardown(Action<ICakeContext, ITeardownContext> teardown)
    {
        _teardowns.Add(teardown);
        return this;
    }

    /// <summary>Registers every task class in <paramref name="assembly"/>.</summary>
    public RecipeHost AddAssembly(Assembly assembly)
    {
        if (!_assemblies.Contains(assembly))
            _assemblies.Add(assembly);
        return this;
    }

    /// <summary>Registers one task class.</summary>
    public RecipeHost AddTask<TTask>() where TTask : class, IRecipeTask
    {
        _taskTypes.Add(typeof(TTask));
        return this;
    }

    /// <summary>Adds services that task, context and lifetime constructors can ask for.</summary>
    public RecipeHost ConfigureServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>
    /// Registers a settings object filled in by Program.cs. Before the run, each public property is overridden by
    /// <c>cake.config</c> <c>[<paramref name="section"/>] key=value</c>, then <c>&lt;prefix&gt;KEY</c> environment
    /// variables, then <c>--key=value</c> arguments (keys are the property names in kebab-case). The object is then
    /// available to constructors as a service.
    /// </summary>
    public RecipeHost UseSettings<TSettings>(TSettings settings, string section, string environmentPrefix) where TSettings : class
    {
        _settings.Add((settings, SettingsBinder.Describe(typeof(TSettings), section, environmentPrefix)));
        _services.Add(services => services.AddSingleton(settings));
        return this;
    }

    /// <summary>The folder tasks resolve relative paths against and where <c>cake.config</c> is read (default: current folder).</summary>
    public RecipeHost UseWorkingDirectory(string path)
    {
        _workingDirectory = path;
        return this;
    }

    /// <summary>The target run when no <c>--target</c> is given (Cake's convention is <c>Default</c>).</summary>
    public RecipeHost UseDefaultTarget(string target)
    {
        _defaultTarget = target;
        return this;
    }

    /// <summary>Sends all output to <paramref name="console"/> instead of the process console (for tests and embedding).</summary>
    public RecipeHost UseConsole(IConsole console)
    {
        _console = console;
        return this;
    }

    internal RecipeHost UseEnvironmentVariables(Func<string, string?> read)
    {
        _environmentVariable = read;
        return this;
    }

    /// <summary>Runs the command line and returns the exit code: 0 on success, 1 on any failure.</summary>
    public int Run(IEnumerable<string> args) => RunAsync(args).GetAwaiter().GetResult();

    /// <summary>Runs the command line and returns the exit code: 0 on success, 1 on any failure.</summary>
    public async Task<int> RunAsync(IEnumerable<string> args)
    {
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var console = _console ?? new CakeConsole(environment);
        var verbosity = Verbosity.Normal;
        var mask = SecretMask.None;
        // Cake's environment moves the process into the working directory; an embedding caller gets its own back.
        var callerDirectory = System.Environment.CurrentDirectory;
        try
        {
            var arguments = HostArguments.Parse(args);
            verbosity = arguments.Verbosity;
            var cake = new CakeContextBuilder(environment, console, verbosity, _workingDirectory, arguments.Values);
            return await RunAsync(arguments, cake, secrets => mask = cake.Log.Mask = secrets);
        }
        catch (Exception failure)
        {
            var root = failure is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : failure;
            if (verbosity == Verbosity.Diagnostic && root is not RecipeUsageException)
                console.WriteErrorLine(mask.Apply(root.ToString()));
            console.WriteErrorLine("Error: " + mask.Apply(root.Message));
            return 1;
        }
        finally
        {
            System.Environment.CurrentDirectory = callerDirectory;
        }
    }

    private async Task<int> RunAsync(HostArguments arguments, CakeContextBuilder cake, Action<SecretMask> maskSecrets)
    {
        if (arguments.Version)
        {
            cake.Console.WriteLine($"Deploy.Recipes {VersionOf(typeof(RecipeHost).Assembly)} (Cake.Core {VersionOf(typeof(ICakeContext).Assembly)})");
            return 0;
        }

        var programDefaults = _settings.SelectMany(s => s.Descriptors.Select(d => (d, d.Display(d.Property.GetValue(s.Settings))))).ToList();
        if (arguments.Help)
        {
            new UsagePrinter(cake.Console).Print(programDefaults);
            return 0;
        }

        var layers = new SettingLayers(cake.Configuration, _environmentVariable, arguments.Values);
        var bound = _settings.SelectMany(s => SettingsBinder.Bind(s.Settings, s.Descriptors, layers)).ToList();
        var secrets = SecretMask.Of(_settings.SelectMany(s => s.Descriptors.Select(d => (d, d.Property.GetValue(s.Settings)))));
        maskSecrets(secrets);
        var taskTypes = _assemblies.SelectMany(a => a.GetTypes()).Where(TaskRegistration.IsTask).Concat(_taskTypes).Distinct().ToList();
        var unknownArguments = UnknownArguments(arguments, bound.Select(b => b.Setting.Key), taskTypes);

        var services = new ServiceCollection();
        services.AddSingleton(new SettingsReport(bound) { Secrets = secrets });
        services.AddSingleton(cake.Console);
        services.AddSingleton<ICakeLog>(cake.Log);
        services.AddSingleton<ICakeEnvironment>(cake.Environment);
        services.AddSingleton(cake.FileSystem);
        services.AddSingleton(cake.Arguments);
        services.AddSingleton(cake.Configuration);
        services.AddSingleton(sp => cake.Build(sp));
        foreach (var configure in _services)
            configure(services);
        foreach (var type in taskTypes)
            services.AddSingleton(type);
        await using var provider = services.BuildServiceProvider();

        var context = (ICakeContext)ActivatorUtilities.CreateInstance(provider, _contextType);
        var engine = new CakeEngine(cake.Data, cake.Log);
        var names = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in taskTypes)
        {
            var name = TaskRegistration.NameOf(type);
            if (!names.TryAdd(name, type))
                throw new RecipeUsageException($"Two task classes are named '{name}'; task names must be unique (see [TaskName]).");
            TaskRegistration.Register(engine, type, (IRecipeTask)provider.GetRequiredService(type), context);
        }

        var graph = new TaskGraphPrinter(engine.Tasks, cake.Console);
        if (arguments.Description)
        {
            graph.PrintDescriptions();
            return 0;
        }

        var targets = arguments.Targets.Count > 0 ? arguments.Targets : arguments.Tree ? [] : [_defaultTarget];
        foreach (var target in targets)
            CheckTargetExists(target, engine.Tasks.Select(t => t.Name).ToList(), arguments.Targets.Count == 0);

        if (arguments.Tree)
        {
            graph.PrintTree(targets);
            return 0;
        }

        foreach (var setting in bound)
            cake.Log.Verbose("Setting {0} = {1}  (from {2})", setting.Setting.Key, setting.Value, setting.Source);

        var execution = new ExecutionSettings().SetTargets(targets);
        if (arguments.Exclusive)
            execution.UseExclusiveTarget();

        if (arguments.DryRun)
        {
            cake.Log.Information("Dry run: the plan for {0}, in order. Nothing is executed.", string.Join(", ", targets));
            await engine.RunTargetAsync(context, new DryRunExecutionStrategy(cake.Log, name => names.TryGetValue(name, out var type) ? provider.GetService(type) as IRecipeTask : null), execution);
            cake.Log.Information("This was a dry run; nothing was changed.");
            return 0;
        }

        var lifetime = _lifetimeType == null ? null : (IRecipeLifetime)ActivatorUtilities.CreateInstance(provider, _lifetimeType);
        if (lifetime != null || _setups.Count > 0)
        {
            engine.RegisterSetupAction(info =>
            {
                lifetime?.Setup(context, info);
                var plan = new RecipePlan(info.TasksToExecute.Select(t => names[t.Name]).ToList(), unknownArguments);
                foreach (var setup in _setups)
                    setup(context, info, plan);
            });
        }

        if (lifetime != null || _teardowns.Count > 0)
        {
            engine.RegisterTeardownAction(info =>
            {
                foreach (var teardown in _teardowns)
                    teardown(context, info);
                lifetime?.Teardown(context, info);
            });
        }

        var printer = new CakeReportPrinter(cake.Console, context);
        using var interruption = RunInterruption.Listen();
        var report = await engine.RunTargetAsync(context, new InterruptibleExecutionStrategy(new DefaultExecutionStrategy(cake.Log, printer), interruption), execution);
        interruption.ThrowIfInterrupted("the tasks that had started finished; nothing was undone");
        // Quiet means "only errors and what tasks print themselves", so that `--format=json -v quiet` is pure JSON.
        if (arguments.Verbosity > Verbosity.Quiet)
            printer.Write(report);
        return 0;
    }

    private static void CheckTargetExists(string target, IReadOnlyList<string> known, bool isDefault)
    {
        if (known.Contains(target, StringComparer.OrdinalIgnoreCase))
            return;
        var valid = string.Join(", ", known.Order(StringComparer.Ordinal));
        if (isDefault)
            throw new RecipeUsageException($"No --target given and there is no '{target}' task. Pass --target=<name>. Valid targets: {valid}.");
        var nearest = NearestName.Find(target, known);
        throw new RecipeUsageException($"Target '{target}' does not exist. Did you mean '{nearest}'? Valid targets: {valid}.");
    }

    // A near miss of a setting or host option stops the run at once; anything else is handed to tasks (Cake's
    // Argument alias) and listed in the plan, where a run that changes an environment can refuse it.
    private static IReadOnlyList<string> UnknownArguments(HostArguments arguments, IEnumerable<string> settingKeys, IEnumerable<Type> taskTypes)
    {
        var known = settingKeys.Concat(UsagePrinter.HostOptions).ToList();
        var declared = taskTypes.SelectMany(ReadsArgumentAttribute.Of).ToList();
        var unknown = arguments.Values.Select(g => g.Key).Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        var typos = ArgumentTypos.Find(unknown.Where(k => !declared.Contains(k, StringComparer.OrdinalIgnoreCase)), known);
        if (typos.Count > 0)
            throw new RecipeUsageException(ArgumentTypos.Refusal(typos));
        return unknown;
    }

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
