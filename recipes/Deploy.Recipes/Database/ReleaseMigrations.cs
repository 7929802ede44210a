using Deploy.Recipes.Database.EfCore;
using Deploy.Recipes.Database.Fluent;

namespace Deploy.Recipes.Database;

/// <summary>
/// Reads a packaged release's migrations with the engine the <c>migrations</c> setting picks (by default, the one the
/// release references): the one way tasks and strategies get at a release's migrations.
/// </summary>
public static class ReleaseMigrations
{
    /// <summary>The migrations of the release whose entry assembly is <paramref name="assemblyFile"/> (in the release's app folder).</summary>
    public static IReleaseMigrations Load(string assemblyFile, MigrationSelection selection)
    {
        if (!File.Exists(assemblyFile))
            throw new FileNotFoundException($"The app assembly {assemblyFile} does not exist, so its migrations cannot be read.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(assemblyFile))!;
        var engine = MigrationEngineChoice.Choose(selection.Engine,
            File.Exists(Path.Combine(folder, MigrationEngineChoice.FluentMigratorAssembly)),
            File.Exists(Path.Combine(folder, MigrationEngineChoice.EfCoreAssembly)), folder);
        return engine == MigrationEngine.EfCore
            ? EfCoreMigrations.Load(assemblyFile, selection.DbContext)
            : FluentMigratorMigrations.Load(assemblyFile);
    }

    /// <summary>The schema version the release whose entry assembly is <paramref name="assemblyFile"/> is built for.</summary>
    public static long SchemaVersionOf(string assemblyFile, MigrationSelection selection)
    {
        using var release = Load(assemblyFile, selection);
        return release.SchemaVersion;
    }
}
