using System.Reflection;
using System.Text.Json;

namespace Deploy.Recipes.Database.EfCore;

/// <summary>
/// The EF Core migrations of one DbContext of a release, read and run with the app's own EF Core (8, 9 or 10), loaded
/// from the release's folder in its own collectible load context: the recipe references no EF Core. A migration's
/// version is the timestamp its id starts with; its markers are attributes matched by name, as for FluentMigrator
/// (<c>[ForwardOnly]</c>, <c>[BreakingChange(expandVersion)]</c> on the migration class), so the app needs no
/// reference to the recipe.
/// </summary>
public sealed class EfCoreMigrations : IReleaseMigrations
{
    private readonly EfCoreLoadContext _context;
    private readonly DbContextActivation _activation;

    private EfCoreMigrations(EfCoreLoadContext context, EfCoreApi api, Type contextType, DbContextActivation activation, IReadOnlyList<MigrationInfo> migrations)
    {
        _context = context;
        Api = api;
        ContextType = contextType;
        _activation = activation;
        Migrations = migrations;
    }

    /// <inheritdoc />
    public string Engine => $"EF Core {Api.Version}";

    /// <summary>The DbContext whose migrations these are.</summary>
    public Type ContextType { get; }

    /// <summary>The EF Core assembly in use: the release's own.</summary>
    public Assembly EfCoreAssembly => Api.CoreAssembly;

    /// <inheritdoc />
    public IReadOnlyList<MigrationInfo> Migrations { get; }

    /// <inheritdoc />
    public long SchemaVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    internal EfCoreApi Api { get; }

    /// <summary>
    /// Loads the release whose entry assembly is <paramref name="assemblyFile"/> and reads the migrations of
    /// <paramref name="dbContext"/> (empty: the app's only DbContext with migrations).
    /// </summary>
    public static EfCoreMigrations Load(string assemblyFile, string dbContext)
    {
        var context = new EfCoreLoadContext(assemblyFile);
        using var scope = context.EnterContextualReflection();
        try
        {
            var api = new EfCoreApi(context);
            var app = AppAssemblies(context, assemblyFile);
            var types = app.SelectMany(ReleaseTypes.Of).ToList();
            var migrationTypes = types.Where(t => t is { IsAbstract: false, IsClass: true } && api.Migration.IsAssignableFrom(t) && api.IdOf(t) != null).ToList();
            var candidates = types.Where(t => t is { IsAbstract: false, IsClass: true } && api.DbContext.IsAssignableFrom(t))
                .Select(t => new DbContextCandidate(t.FullName!, migrationTypes.Count(m => api.ContextOf(m) == t)))
                .ToList();
            var chosen = DbContextChoice.Choose(candidates, dbContext, Path.GetFileName(assemblyFile));
            var contextType = types.First(t => t.FullName == chosen);
            var migrations = migrationTypes.Where(m => api.ContextOf(m) == contextType).Select(m => Describe(api, m))
                .OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
            var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
                throw new InvalidDataException($"EF Core migrations {string.Join(" and ", duplicate)} share the timestamp {duplicate.Key}; the recipe needs one migration per timestamp.");
            return new EfCoreMigrations(context, api, contextType, new DbContextActivation(api, contextType, app, context.Folder), migrations);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <inheritdoc />
    public ISchemaMigrator MigratorFor(string provider, string connection) => new EfCoreSchemaMigrator(this, provider, connection);

    /// <summary>A new DbContext of the app bound to <paramref name="connection"/>; the caller disposes it.</summary>
    internal object NewContext(string provider, string connection) => _activation.Create(provider, connection);

    /// <summary>
    /// Makes the release's load context the one that name-based loading uses (<c>Type.GetType</c>,
    /// <c>Assembly.Load</c>) until disposed: Microsoft.Data.Sqlite finds its SQLitePCL "batteries" that way, and must
    /// find the release's, not the recipe's.
    /// </summary>
    internal IDisposable EnterLoadContext() => _context.EnterContextualReflection();

    /// <inheritdoc />
    public void Dispose() => _context.Unload();

    private static MigrationInfo Describe(EfCoreApi api, Type type)
    {
        var id = api.IdOf(type)!;
        var attributes = type.GetCustomAttributes(inherit: true);
        var breaking = attributes.FirstOrDefault(a => a.GetType().Name == "BreakingChangeAttribute");
        var expand = breaking?.GetType().GetProperty("ExpandVersion")?.GetValue(breaking) is long version ? version : 0;
        return new MigrationInfo(MigrationHistory.VersionOfEfCoreId(id), type.Name, attributes.Any(a => a.GetType().Name == "ForwardOnlyAttribute"), breaking != null, expand, id);
    }

    // The app's own assemblies: the entry assembly and the projects it references (deps.json "project" libraries),
    // where its DbContexts, migrations and design-time factories live.
    private static IReadOnlyList<Assembly> AppAssemblies(EfCoreLoadContext context, string assemblyFile)
    {
        var entry = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyFile));
        var assemblies = new List<Assembly> { entry };
        var deps = Path.ChangeExtension(Path.GetFullPath(assemblyFile), ".deps.json");
        if (!File.Exists(deps))
            return assemblies;
        using var document = JsonDocument.Parse(File.ReadAllText(deps));
        if (!document.RootElement.TryGetProperty("libraries", out var libraries))
            return assemblies;
        foreach (var library in libraries.EnumerateObject())
        {
            var name = library.Name.Split('/')[0];
            var file = Path.Combine(context.Folder, name + ".dll");
            if (library.Value.TryGetProperty("type", out var type) && type.GetString() == "project" && name != entry.GetName().Name && File.Exists(file))
                assemblies.Add(context.LoadFromAssemblyPath(file));
        }

        return assemblies;
    }
}
