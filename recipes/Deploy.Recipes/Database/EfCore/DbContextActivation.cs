using System.Reflection;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Database.EfCore;

/// <summary>
/// Makes the app's DbContext bound to one database, as EF Core's own tools would: through the app's
/// <c>IDesignTimeDbContextFactory&lt;T&gt;</c> when it has one (then pointed at the recipe's connection), else through a
/// constructor taking <c>DbContextOptions&lt;T&gt;</c> configured with the provider the <c>database</c> setting names
/// (<c>UseSqlite</c> / <c>UseNpgsql</c> from the release's own provider assembly), else through a parameterless
/// constructor (the context configures itself).
/// </summary>
internal sealed class DbContextActivation(EfCoreApi api, Type contextType, IReadOnlyList<Assembly> appAssemblies, string appFolder)
{
    private static readonly Dictionary<string, (string Assembly, string Extensions, string Method, string ProviderName)> Providers = new()
    {
        ["sqlite"] = ("Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions", "UseSqlite", "Microsoft.EntityFrameworkCore.Sqlite"),
        ["postgres"] = ("Npgsql.EntityFrameworkCore.PostgreSQL", "Microsoft.EntityFrameworkCore.NpgsqlDbContextOptionsBuilderExtensions", "UseNpgsql", "Npgsql.EntityFrameworkCore.PostgreSQL"),
    };

    /// <summary>A new context for <paramref name="connection"/>; the caller disposes it.</summary>
    public object Create(string provider, string connection)
    {
        if (!Providers.TryGetValue(provider, out var wanted))
            throw new ArgumentException($"Database provider '{provider}' is not supported: use sqlite or postgres.");
        var context = FromFactory() ?? FromOptions(wanted, connection) ?? FromParameterless()
            ?? throw new RecipeUsageException(
                $"The recipe cannot make {contextType.FullName}: give it a constructor that takes only DbContextOptions<{contextType.Name}>, " +
                $"or an IDesignTimeDbContextFactory<{contextType.Name}> (as EF Core's tools need too). Nothing was changed.");
        try
        {
            var actual = api.ProviderOf(context);
            if (actual != wanted.ProviderName)
                throw new RecipeUsageException(
                    $"{contextType.FullName} is configured for {actual ?? "no provider"}, but setting 'database' is {provider} ({wanted.ProviderName}). Nothing was changed.");
            api.SetConnectionString(context, connection);
            return context;
        }
        catch
        {
            ((IDisposable)context).Dispose();
            throw;
        }
    }

    private object? FromFactory()
    {
        var factoryInterface = api.DesignTimeFactory.MakeGenericType(contextType);
        var factory = appAssemblies.SelectMany(ReleaseTypes.Of)
            .FirstOrDefault(t => t is { IsAbstract: false, IsClass: true } && factoryInterface.IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null);
        if (factory == null)
            return null;
        // EF Core's tools run a factory from the app's folder; factories commonly read appsettings.json from there.
        var workingDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = appFolder;
        try
        {
            return factoryInterface.GetMethod("CreateDbContext")!.Invoke(Activator.CreateInstance(factory), [Array.Empty<string>()]);
        }
        catch (TargetInvocationException failed) when (failed.InnerException != null)
        {
            throw new RecipeUsageException($"The app's {factory.FullName}.CreateDbContext failed: {failed.InnerException.Message}");
        }
        finally
        {
            Environment.CurrentDirectory = workingDirectory;
        }
    }

    private object? FromOptions((string Assembly, string Extensions, string Method, string ProviderName) provider, string connection)
    {
        var optionsType = api.DbContext.Assembly.GetType("Microsoft.EntityFrameworkCore.DbContextOptions`1")!.MakeGenericType(contextType);
        var baseOptions = api.DbContext.Assembly.GetType("Microsoft.EntityFrameworkCore.DbContextOptions")!;
        var constructor = contextType.GetConstructors().FirstOrDefault(c => c.GetParameters() is [{ ParameterType: var p }] && p == optionsType)
                          ?? contextType.GetConstructors().FirstOrDefault(c => c.GetParameters() is [{ ParameterType: var p }] && p == baseOptions);
        if (constructor == null)
            return null;
        var builder = Activator.CreateInstance(api.DbContext.Assembly.GetType("Microsoft.EntityFrameworkCore.DbContextOptionsBuilder`1")!.MakeGenericType(contextType))!;
        Assembly providerAssembly;
        try
        {
            providerAssembly = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(api.DbContext.Assembly)!.LoadFromAssemblyName(new AssemblyName(provider.Assembly));
        }
        catch (FileNotFoundException)
        {
            throw new RecipeUsageException(
                $"Setting 'database' needs EF Core's {provider.Assembly} provider, but the release in {appFolder} does not carry {provider.Assembly}.dll. " +
                $"Add the {provider.Assembly} package to the app, or set 'database' to the provider it uses. Nothing was changed.");
        }

        var use = EfCoreApi.TypeIn(providerAssembly, provider.Extensions).GetMethods()
            .First(m => m.Name == provider.Method && !m.IsGenericMethodDefinition && m.GetParameters() is [_, { ParameterType: var s }, _] && s == typeof(string));
        use.Invoke(null, [builder, connection, null]);
        var options = builder.GetType().GetProperty("Options", optionsType)!.GetValue(builder);
        return Invoke(constructor, options);
    }

    private object? FromParameterless() =>
        contextType.GetConstructor(Type.EmptyTypes) is { } constructor ? Invoke(constructor) : null;

    private static object Invoke(ConstructorInfo constructor, params object?[] arguments)
    {
        try
        {
            return constructor.Invoke(arguments);
        }
        catch (TargetInvocationException failed) when (failed.InnerException != null)
        {
            throw new RecipeUsageException($"The app's {constructor.DeclaringType!.FullName} constructor failed: {failed.InnerException.Message}");
        }
    }
}
