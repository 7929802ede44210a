using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Database.Adoption;

/// <summary>
/// A database that has tables but no history of the release's migration engine: made by hand, by an app's own
/// <c>EnsureCreated</c> or by another tool. The recipe cannot tell which migrations it already has, so Validate and
/// Migrate stop on it with the fix: adopting it with Baseline.
/// </summary>
public static class UnrecordedSchema
{
    private const int TablesShown = 5;

    /// <summary>
    /// Why the release's migrations must not run on a database with <paramref name="tables"/> (the app's tables) and
    /// no history table; null when they may (no tables, a history, or no migrations to run).
    /// </summary>
    public static string? Refusal(IReadOnlyList<string> tables, bool hasHistory, string engine, string historyTable, IReadOnlyList<MigrationInfo> migrations)
    {
        if (tables.Count == 0 || hasHistory || migrations.Count == 0)
            return null;
        var named = string.Join(", ", tables.Take(TablesShown)) + (tables.Count > TablesShown ? $" and {tables.Count - TablesShown} more" : "");
        return $"The database has tables ({named}) but no {engine} migration history (no {historyTable} table), so the recipe cannot " +
               $"tell which migrations it already has and runs none. If its schema is what the migrations up to one of them create, adopt it: " +
               $"./build.sh --target=Baseline --baseline=<migration> (one of: {BaselineMigration.ValidValues(migrations)}), which checks that on a " +
               "clone before it records anything. Nothing was changed.";
    }

    /// <summary>Throws <see cref="RecipeUsageException"/> with <see cref="Refusal"/> when the environment's database is such a database.</summary>
    public static void Enforce(EnvironmentDatabase database, IReleaseMigrations release)
    {
        if (!database.Exists || release.Migrations.Count == 0)
            return;
        var tables = database.Engine.Tables(database.Connection);
        if (tables.Count == 0)
            return;
        using var migrator = release.MigratorFor(database.Provider, database.Connection);
        if (Refusal(tables, migrator.HasHistory, release.Engine, migrator.HistoryTable, release.Migrations) is { } refusal)
            throw new RecipeUsageException(refusal);
    }
}
