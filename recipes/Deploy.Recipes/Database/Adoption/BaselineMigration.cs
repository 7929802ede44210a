using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Database.Adoption;

/// <summary>The migration the <c>baseline</c> setting names: the newest one whose schema the database already has.</summary>
public static class BaselineMigration
{
    /// <summary>
    /// How a migration is named on the command line: an EF Core migration by its id (<c>20250101120000_AddNotes</c>),
    /// a FluentMigrator migration by its version number.
    /// </summary>
    public static string Key(MigrationInfo migration) => migration.Id ?? migration.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The release's migrations as the valid values of <c>--baseline</c>, for messages.</summary>
    public static string ValidValues(IReadOnlyList<MigrationInfo> migrations) =>
        string.Join(", ", migrations.Select(m => m.Id ?? $"{m.Version} ({m.Name})"));

    /// <summary>
    /// The migration <paramref name="setting"/> names, by its key, its version number, its class name or (EF Core)
    /// the name in its id after the timestamp (case ignored). Throws <see cref="RecipeUsageException"/> listing the valid values when it names none, or several.
    /// </summary>
    public static MigrationInfo Resolve(string setting, IReadOnlyList<MigrationInfo> migrations, string engine)
    {
        var text = setting.Trim();
        if (migrations.Count == 0)
            throw new RecipeUsageException($"The release has no {engine} migrations: there is nothing to baseline. Nothing was changed.");
        if (text.Length == 0)
            throw new RecipeUsageException(
                $"Baseline needs --baseline=<migration>: the newest migration whose schema the database already has. " +
                $"The release's {engine} migrations: {ValidValues(migrations)}. Nothing was changed.");

        var found = migrations.Where(m =>
            string.Equals(Key(m), text, StringComparison.OrdinalIgnoreCase)
            || m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) == text
            || string.Equals(m.Name, text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(m.ToString(), text, StringComparison.OrdinalIgnoreCase)
            || (m.Id?.Split('_', 2) is [_, var named] && string.Equals(named, text, StringComparison.OrdinalIgnoreCase))).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new RecipeUsageException(
                $"Setting 'baseline' is '{text}', which is not one of the release's {engine} migrations. Valid: {ValidValues(migrations)}. Nothing was changed."),
            _ => throw new RecipeUsageException(
                $"Setting 'baseline' is '{text}', which names several of the release's {engine} migrations ({string.Join(", ", found)}): name one by {(found[0].Id != null ? "its id" : "its version number")}. Nothing was changed."),
        };
    }
}
