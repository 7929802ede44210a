using System.Collections;
using System.Reflection;

namespace Deploy.Recipes.Database.EfCore;

/// <summary>
/// The EF Core API the recipe uses, found by reflection in the release's own EF Core: only members that are stable
/// from EF Core 8 to 10 (<c>RelationalDatabaseFacadeExtensions</c>, <c>IMigrator.Migrate(string)</c>,
/// <c>IMigrationsAssembly</c>, <c>IHistoryRepository</c>, the <c>[Migration]</c> and <c>[DbContext]</c> attributes).
/// The recipe references no EF Core assembly, so nothing here names an EF type at compile time.
/// </summary>
internal sealed class EfCoreApi
{
    private readonly Assembly _core;
    private readonly Assembly _relational;
    private readonly Type _facadeExtensions;

    public EfCoreApi(EfCoreLoadContext context)
    {
        _core = Required(context, "Microsoft.EntityFrameworkCore");
        _relational = Required(context, "Microsoft.EntityFrameworkCore.Relational");
        DbContext = TypeIn(_core, "Microsoft.EntityFrameworkCore.DbContext");
        DbContextAttribute = TypeIn(_core, "Microsoft.EntityFrameworkCore.Infrastructure.DbContextAttribute");
        DesignTimeFactory = TypeIn(_core, "Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory`1");
        Migration = TypeIn(_relational, "Microsoft.EntityFrameworkCore.Migrations.Migration");
        MigrationAttribute = TypeIn(_relational, "Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute");
        _facadeExtensions = TypeIn(_relational, "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
        Version = _core.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                  ?? _core.GetName().Version?.ToString() ?? "?";
    }

    /// <summary>The release's EF Core version, for example <c>8.0.34</c>.</summary>
    public string Version { get; }

    /// <summary>The EF Core assembly loaded (tests check it is the release's).</summary>
    public Assembly CoreAssembly => _core;

    public Type DbContext { get; }

    public Type DbContextAttribute { get; }

    public Type DesignTimeFactory { get; }

    public Type Migration { get; }

    public Type MigrationAttribute { get; }

    /// <summary>The <c>[DbContext]</c> type a migration class names; null when it names none.</summary>
    public Type? ContextOf(Type migration) =>
        migration.GetCustomAttributes(DbContextAttribute, inherit: false).FirstOrDefault() is { } attribute
            ? (Type?)DbContextAttribute.GetProperty("ContextType")!.GetValue(attribute)
            : null;

    /// <summary>The <c>[Migration]</c> id of a migration class; null when it has none.</summary>
    public string? IdOf(Type migration) =>
        migration.GetCustomAttributes(MigrationAttribute, inherit: false).FirstOrDefault() is { } attribute
            ? (string?)MigrationAttribute.GetProperty("Id")!.GetValue(attribute)
            : null;

    /// <summary>The context's <c>Database</c> facade.</summary>
    public object DatabaseOf(object context) => DbContext.GetProperty("Database")!.GetValue(context)!;

    /// <summary>The provider the context was configured with, for example <c>Microsoft.EntityFrameworkCore.Sqlite</c>.</summary>
    public string? ProviderOf(object context)
    {
        var database = DatabaseOf(context);
        return (string?)database.GetType().GetProperty("ProviderName")!.GetValue(database);
    }

    /// <summary>Points the context at <paramref name="connection"/> (before it opens one).</summary>
    public void SetConnectionString(object context, string connection) =>
        Extension("SetConnectionString", 2).Invoke(null, [DatabaseOf(context), connection]);

    /// <summary>The migration ids the database records as applied, oldest first.</summary>
    public IReadOnlyList<string> AppliedMigrations(object context) =>
        ((IEnumerable)Extension("GetAppliedMigrations", 1).Invoke(null, [DatabaseOf(context)])!).Cast<string>().ToList();

    /// <summary>The ids of the migrations EF Core itself finds for the context (its migrations assembly), oldest first.</summary>
    public IReadOnlyList<string> Migrations(object context) =>
        ((IEnumerable)Extension("GetMigrations", 1).Invoke(null, [DatabaseOf(context)])!).Cast<string>().ToList();

    /// <summary>Migrates the database to <paramref name="target"/> (an id, or <c>0</c> for before the first), up or down.</summary>
    public void Migrate(object context, string target)
    {
        var migrator = Service(context, TypeIn(_relational, "Microsoft.EntityFrameworkCore.Migrations.IMigrator"));
        var migrate = migrator.GetType().GetInterfaces().Append(migrator.GetType())
            .SelectMany(t => t.GetMethods())
            .First(m => m.Name == "Migrate" && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(string));
        migrate.Invoke(migrator, [target]);
    }

    /// <summary>Records <paramref name="ids"/> as applied in the history table (created when missing), in one transaction, running no migration.</summary>
    public void RecordApplied(object context, IReadOnlyList<string> ids)
    {
        var repository = Service(context, TypeIn(_relational, "Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository"));
        var repositoryType = TypeIn(_relational, "Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository");
        var historyRow = TypeIn(_relational, "Microsoft.EntityFrameworkCore.Migrations.HistoryRow");
        var productVersion = (string)TypeIn(_core, "Microsoft.EntityFrameworkCore.Infrastructure.ProductInfo").GetMethod("GetVersion")!.Invoke(null, null)!;
        var statements = new List<string> { (string)repositoryType.GetMethod("GetCreateIfNotExistsScript")!.Invoke(repository, null)! };
        statements.AddRange(ids.Select(id =>
            (string)repositoryType.GetMethod("GetInsertScript")!.Invoke(repository, [Activator.CreateInstance(historyRow, id, productVersion)])!));

        var database = DatabaseOf(context);
        var execute = _facadeExtensions.GetMethods()
            .First(m => m.Name == "ExecuteSqlRaw" && m.GetParameters() is [_, { ParameterType: var sql }, { ParameterType: var args }] && sql == typeof(string) && args == typeof(object[]));
        using var transaction = (IDisposable)database.GetType().GetMethod("BeginTransaction", Type.EmptyTypes)!.Invoke(database, null)!;
        foreach (var statement in statements)
            execute.Invoke(null, [database, statement, Array.Empty<object>()]);
        transaction.GetType().GetMethod("Commit", Type.EmptyTypes)!.Invoke(transaction, null);
    }

    /// <summary>An EF Core type of the release by full name, from the assembly that defines it.</summary>
    public static Type TypeIn(Assembly assembly, string fullName) =>
        assembly.GetType(fullName, throwOnError: false)
        ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} has no {fullName}: this EF Core version is not supported (use EF Core 8, 9 or 10).");

    private object Service(object context, Type service)
    {
        var accessor = TypeIn(_core, "Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions");
        var getService = accessor.GetMethods().First(m => m.Name == "GetService" && m.IsGenericMethodDefinition && m.GetParameters().Length == 1);
        return getService.MakeGenericMethod(service).Invoke(null, [context])!;
    }

    private MethodInfo Extension(string name, int parameters) =>
        _facadeExtensions.GetMethods().FirstOrDefault(m => m.Name == name && !m.IsGenericMethodDefinition && m.GetParameters().Length == parameters)
        ?? throw new InvalidOperationException($"RelationalDatabaseFacadeExtensions.{name} is missing from EF Core {Version}: use EF Core 8, 9 or 10.");

    private static Assembly Required(EfCoreLoadContext context, string name)
    {
        try
        {
            return context.LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            throw new Hosting.RecipeUsageException($"The release in {context.Folder} has no {name}.dll, so its EF Core migrations cannot run. Nothing was changed.");
        }
    }
}
