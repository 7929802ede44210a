namespace Deploy.Recipes.Benchmarks;

/// <summary>
/// The EF Core counterpart of <c>FiftyMigrations</c>: tests/EfFiftyMigrations, an app on its own EF Core 8 carrying fifty
/// migrations (a table, a column, an index, in turn), built next to this benchmark and loaded from its build folder the
/// way the recipe loads a release's app.
/// </summary>
internal static class EfCoreFiftyMigrations
{
    /// <summary>The app's entry assembly, built in the configuration this benchmark runs in.</summary>
    public static string App
    {
        get
        {
            // <repository>/tests/Deploy.Recipes.Benchmarks/bin/<Configuration>/net10.0/
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var file = Path.Combine(here.Parent!.Parent!.Parent!.Parent!.FullName, "EfFiftyMigrations", "bin", here.Parent.Name, "net8.0", "EfFiftyMigrations.dll");
            return File.Exists(file) ? file : throw new InvalidOperationException($"EfFiftyMigrations is not built at {file}.");
        }
    }
}
