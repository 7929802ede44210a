namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// The sample shop as built next to these tests (the test project builds it first): what the edge runs in its slots.
/// </summary>
internal static class SampleShop
{
    public static string Directory { get; } = BuiltProject(Path.Combine("samples", "Shop"), "Shop.dll");

    /// <summary>The build output folder of a project of this repository, built with the tests' configuration.</summary>
    public static string BuiltProject(string projectFolder, string assembly)
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository != null && !File.Exists(Path.Combine(repository.FullName, "Deploy.Recipes.sln")))
            repository = repository.Parent;
        if (repository == null)
            throw new InvalidOperationException("Deploy.Recipes.sln not found above " + AppContext.BaseDirectory);

        // <tests>/bin/<Configuration>/net10.0/: build the shop's path with the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var folder = Path.Combine(repository.FullName, projectFolder, "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(folder, assembly)))
            throw new InvalidOperationException($"{assembly} is not built at {folder}");
        return folder;
    }
}
