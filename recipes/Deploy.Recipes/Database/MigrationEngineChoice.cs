using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Database;

/// <summary>
/// Which engine runs a release's migrations, from the <c>migrations</c> setting and what the release's app folder
/// holds. Pure: the folder is looked at by the caller.
/// </summary>
public static class MigrationEngineChoice
{
    /// <summary>The assembly that shows a release uses FluentMigrator.</summary>
    public const string FluentMigratorAssembly = "FluentMigrator.dll";

    /// <summary>The assembly that shows a release uses EF Core migrations (every relational provider brings it).</summary>
    public const string EfCoreAssembly = "Microsoft.EntityFrameworkCore.Relational.dll";

    /// <summary>
    /// The engine to use. <see cref="MigrationEngine.Auto"/>: EF Core when the release carries EF Core and not
    /// FluentMigrator, FluentMigrator otherwise (a release with neither has no migrations, as before). Throws
    /// <see cref="RecipeUsageException"/> when the release carries both under <c>auto</c>, or lacks the one named.
    /// </summary>
    /// <param name="asked">The <c>migrations</c> setting.</param>
    /// <param name="hasFluentMigrator">The release's app folder holds <see cref="FluentMigratorAssembly"/>.</param>
    /// <param name="hasEfCore">The release's app folder holds <see cref="EfCoreAssembly"/>.</param>
    /// <param name="appFolder">The release's app folder, for the message.</param>
    public static MigrationEngine Choose(MigrationEngine asked, bool hasFluentMigrator, bool hasEfCore, string appFolder) => asked switch
    {
        MigrationEngine.FluentMigrator when !hasFluentMigrator => throw Missing("fluentmigrator", "FluentMigrator", FluentMigratorAssembly, appFolder, hasEfCore ? "efcore" : null),
        MigrationEngine.EfCore when !hasEfCore => throw Missing("efcore", "EF Core", EfCoreAssembly, appFolder, hasFluentMigrator ? "fluentmigrator" : null),
        MigrationEngine.FluentMigrator or MigrationEngine.EfCore => asked,
        _ when hasFluentMigrator && hasEfCore => throw new RecipeUsageException(
            $"Setting 'migrations' is auto, but the release in {appFolder} references both FluentMigrator and EF Core, so which one migrates the database is ambiguous. " +
            "Nothing was changed. Set migrations=fluentmigrator or migrations=efcore."),
        _ when hasEfCore => MigrationEngine.EfCore,
        _ => MigrationEngine.FluentMigrator,
    };

    private static RecipeUsageException Missing(string setting, string engine, string assembly, string appFolder, string? other) =>
        new($"Setting 'migrations' is {setting}, but the release in {appFolder} does not reference {engine} ({assembly} is not in it). Nothing was changed. " +
            (other != null ? $"It references {(other == "efcore" ? "EF Core" : "FluentMigrator")}: set migrations={other} or auto." : "Set migrations=auto, or add the migrations to the app."));
}
