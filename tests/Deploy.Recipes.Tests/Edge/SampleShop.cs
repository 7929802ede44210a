namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// The sample shop as built next to these tests (the test project builds it first): what the edge runs in its slots.
/// </summary>
internal static class SampleShop
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository != null && !File.Exists(Path.Combine(repository.FullName, "Deploy.Recipes.sln")))
            repository = repository.Parent;
        if (repository == null)
            throw new InvalidOperationException("Deploy.Recipes.sln not found above " + AppContext.BaseDirectory);

        // <tests>/bin/<Configuration>/net10.0/: build the shop's path with the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var folder = Path.Combine(repository.FullName, "samples", "Shop", "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(folder, "Shop.dll")))
            throw new InvalidOperationException($"the sample shop is not built at {folder}");
        return folder;
    }
}
