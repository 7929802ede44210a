namespace Deploy.Recipes.Database;

/// <summary>
/// The migrations a packaged release carries that the environment's database has not applied, read before Migrate
/// runs and without changing anything: a database that does not exist yet, or has no history table, has applied none
/// (and is not created or given a table by the reading).
/// </summary>
public static class PendingMigrationsReading
{
    /// <summary>
    /// The pending migrations of the release whose entry assembly is <paramref name="assemblyFile"/> ("version name" or
    /// the EF Core id), oldest first; empty when the app declares no database.
    /// </summary>
    public static IReadOnlyList<string> Read(DeployContext context, string assemblyFile)
    {
        if (context.Settings.Database.Length == 0)
            return [];
        var database = new EnvironmentDatabase(context);
        using var migrations = ReleaseMigrations.Load(assemblyFile, MigrationSelection.From(context.Settings));
        if (!database.Exists)
            return migrations.Migrations.Select(m => m.ToString()).ToList();
        using var migrator = migrations.MigratorFor(database.Provider, database.Connection);
        // Reading the engine's versions would create its history table: without one, nothing was applied.
        return (migrator.HasHistory ? migrator.Pending() : migrations.Migrations).Select(m => m.ToString()).ToList();
    }
}
