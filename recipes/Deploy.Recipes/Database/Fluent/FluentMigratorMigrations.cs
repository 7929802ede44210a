using System.Reflection;
using System.Runtime.Loader;

namespace Deploy.Recipes.Database.Fluent;

/// <summary>
/// The FluentMigrator migrations inside a release's app assembly, loaded from the release's own folder in a
/// separate, collectible load context. FluentMigrator's own assemblies come from the recipe, so the migration classes
/// and the runner agree on the types (the app and the recipe must use FluentMigrator 8).
/// Markers are matched by attribute name, so the app needs no reference to the recipe: any attribute class named
/// <c>ForwardOnlyAttribute</c>, or <c>BreakingChangeAttribute</c> with a <c>long ExpandVersion</c> property, counts.
/// </summary>
public sealed class FluentMigratorMigrations : IReleaseMigrations
{
    private readonly ReleaseLoadContext _context;

    private FluentMigratorMigrations(ReleaseLoadContext context, Assembly assembly, string? ns, IReadOnlyList<MigrationInfo> migrations)
    {
        _context = context;
        Assembly = assembly;
        Namespace = ns;
        Migrations = migrations;
    }

    /// <inheritdoc />
    public string Engine => "FluentMigrator";

    /// <summary>When set, only migrations in this namespace (and below) count.</summary>
    public string? Namespace { get; }

    /// <summary>The app assembly holding the migrations.</summary>
    public Assembly Assembly { get; }

    /// <inheritdoc />
    public IReadOnlyList<MigrationInfo> Migrations { get; }

    /// <inheritdoc />
    public long SchemaVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    /// <summary>Loads <paramref name="assemblyFile"/> (a release's app DLL) and finds its migrations, optionally only those in <paramref name="ns"/>.</summary>
    public static FluentMigratorMigrations Load(string assemblyFile, string? ns = null)
    {
        if (!File.Exists(assemblyFile))
            throw new FileNotFoundException($"The app assembly {assemblyFile} does not exist, so its migrations cannot be read.");
        var context = new ReleaseLoadContext(assemblyFile);
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyFile));
        var migrations = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(FluentMigrator.IMigration).IsAssignableFrom(t))
            .Where(t => ns == null || t.Namespace == ns || (t.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) ?? false))
            .Select(Describe)
            .OfType<MigrationInfo>()
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new InvalidDataException($"Migrations {string.Join(" and ", duplicate.Select(m => m.Name))} share version {duplicate.Key}; versions must be unique.");
        return new FluentMigratorMigrations(context, assembly, ns, migrations);
    }

    /// <inheritdoc />
    public ISchemaMigrator MigratorFor(string provider, string connection) => new FluentMigratorSchemaMigrator(provider, connection, this);

    /// <inheritdoc />
    public void Dispose() => _context.Unload();

    private static MigrationInfo? Describe(Type type)
    {
        var migration = type.GetCustomAttribute<FluentMigrator.MigrationAttribute>();
        if (migration == null)
            return null;
        var attributes = type.GetCustomAttributes(inherit: true);
        var breaking = attributes.FirstOrDefault(a => a.GetType().Name == "BreakingChangeAttribute");
        var expand = breaking?.GetType().GetProperty("ExpandVersion")?.GetValue(breaking) is long version ? version : 0;
        return new MigrationInfo(
            migration.Version, type.Name, attributes.Any(a => a.GetType().Name == "ForwardOnlyAttribute"), breaking != null, expand);
    }

    private sealed class ReleaseLoadContext(string assemblyFile) : AssemblyLoadContext($"release:{assemblyFile}", isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(assemblyFile);

        protected override Assembly? Load(AssemblyName name)
        {
            // Shared with the recipe, so that FluentMigrator's types are the same on both sides.
            if (name.Name is { } simple && (simple.StartsWith("FluentMigrator", StringComparison.Ordinal) || simple.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)))
                return null;
            if (_resolver.ResolveAssemblyToPath(name) is { } path)
                return LoadFromAssemblyPath(path);
            return SharedFramework.FileOf(name) is { } shared ? LoadFromAssemblyPath(shared) : null;
        }
    }
}
