namespace Deploy.Recipes.Tests.Support;

/// <summary>Where a project of this repository is built next to these tests (the test project builds it first).</summary>
internal static class BuiltProject
{
    /// <summary>
    /// The build output folder of <paramref name="projectFolder"/> (relative to the repository) for
    /// <paramref name="framework"/>, built with the tests' own configuration; throws when <paramref name="assembly"/> is not there.
    /// </summary>
    public static string Folder(string projectFolder, string assembly, string framework = "net10.0")
    {
        // <repository>/tests/Deploy.Recipes.Tests/bin/<Configuration>/net10.0/: the same configuration for the project.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var folder = Path.Combine(RepositoryCopy.Source, projectFolder, "bin", configuration, framework);
        if (!File.Exists(Path.Combine(folder, assembly)))
            throw new InvalidOperationException($"{assembly} is not built at {folder}");
        return folder;
    }

    /// <summary>The built <paramref name="assembly"/> of <paramref name="projectFolder"/>: <see cref="Folder"/> and its file.</summary>
    public static string Assembly(string projectFolder, string assembly, string framework = "net10.0") =>
        Path.Combine(Folder(projectFolder, assembly, framework), assembly);
}
