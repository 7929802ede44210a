namespace Deploy.Recipes.Database;

/// <summary>
/// The migrations a packaged release carries, read by one migration engine (FluentMigrator or EF Core) from the
/// release's own app folder. Disposing unloads what was loaded for it (the app's assemblies live in their own
/// collectible load context).
/// </summary>
public interface IReleaseMigrations : IDisposable
{
    /// <summary>The engine that reads and runs them, for messages and the audit: <c>FluentMigrator</c> or <c>EF Core</c>.</summary>
    string Engine { get; }

    /// <summary>All migrations of the release, oldest first. Versions are unique.</summary>
    IReadOnlyList<MigrationInfo> Migrations { get; }

    /// <summary>The schema version the release is built for: its newest migration's version (0 when it has none).</summary>
    long SchemaVersion { get; }

    /// <summary>
    /// A migrator for these migrations bound to one database: <paramref name="provider"/> is the <c>database</c>
    /// setting (<c>sqlite</c> or <c>postgres</c>), <paramref name="connection"/> its connection string (never shown).
    /// </summary>
    ISchemaMigrator MigratorFor(string provider, string connection);
}
