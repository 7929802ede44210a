using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Database.EfCore;

/// <summary>A DbContext class of the app and how many migrations it has.</summary>
/// <param name="FullName">Its full name.</param>
/// <param name="Migrations">How many migrations name it in their <c>[DbContext]</c>.</param>
public sealed record DbContextCandidate(string FullName, int Migrations)
{
    /// <summary>Its class name.</summary>
    public string Name => FullName[(FullName.LastIndexOf('.') + 1)..];
}

/// <summary>
/// Which of an app's DbContexts the recipe migrates (setting <c>db-context</c>). Pure. Named: the one with that full
/// name or class name. Not named: the only one that has migrations; several with migrations, or none, is an error
/// that lists them and says what to set.
/// </summary>
public static class DbContextChoice
{
    /// <summary>The chosen context's full name; throws <see cref="RecipeUsageException"/> naming the candidates.</summary>
    public static string Choose(IReadOnlyList<DbContextCandidate> candidates, string named, string release)
    {
        var listed = candidates.Count == 0 ? "none" : string.Join(", ", candidates.OrderBy(c => c.FullName, StringComparer.Ordinal).Select(c => $"{c.FullName} ({c.Migrations} migration(s))"));
        if (named.Length > 0)
        {
            var byFullName = candidates.Where(c => c.FullName == named).ToList();
            var matches = byFullName.Count > 0 ? byFullName : candidates.Where(c => string.Equals(c.Name, named, StringComparison.OrdinalIgnoreCase)).ToList();
            return matches.Count switch
            {
                1 => matches[0].FullName,
                0 => throw new RecipeUsageException(
                    $"Setting 'db-context' is '{named}', but release {release} has no DbContext of that name. Its DbContexts: {listed}. Nothing was changed."),
                _ => throw new RecipeUsageException(
                    $"Setting 'db-context' is '{named}', which names several DbContexts of release {release}: {string.Join(", ", matches.Select(m => m.FullName))}. Use the full name. Nothing was changed."),
            };
        }

        var withMigrations = candidates.Where(c => c.Migrations > 0).ToList();
        return withMigrations.Count switch
        {
            1 => withMigrations[0].FullName,
            0 => throw new RecipeUsageException(
                $"Release {release} uses EF Core but has no EF Core migrations (no class with [Migration] and [DbContext]); its DbContexts: {listed}. " +
                "Add one (dotnet ef migrations add Initial), or set migrations=fluentmigrator if FluentMigrator migrates this app. Nothing was changed."),
            _ => throw new RecipeUsageException(
                $"Release {release} has migrations for several DbContexts: {listed}. Set db-context to the one the recipe migrates (for example db-context={withMigrations[0].Name}). Nothing was changed."),
        };
    }
}
