namespace Deploy.Recipes.Database.EfCore;

/// <summary>
/// The EF Core migrations of one DbContext of a release, read and run with the app's own EF Core (8, 9 or 10), loaded
/// from the release's folder in its own collectible load context: the recipe references no EF Core.
/// </summary>
public static class EfCoreMigrations
{
    /// <summary>Loads the migrations of <paramref name="dbContext"/> (empty: the app's only DbContext with migrations).</summary>
    public static IReleaseMigrations Load(string assemblyFile, string dbContext) =>
        throw new NotSupportedException("The EF Core migration engine is not built yet.");
}
