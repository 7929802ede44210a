namespace Deploy.Recipes.Tests.Database.EfCore;

/// <summary>tests/EfScenarioApp as built next to these tests: the same migrations on EF Core 8 (net8.0) and EF Core 10 (net10.0).</summary>
internal static class EfScenarioApps
{
    /// <summary>The EF Core 8 build's entry assembly.</summary>
    public static string OnEfCore8 { get; } = Built("EfScenarioApp", "net8.0", "EfScenarioApp.dll");

    /// <summary>The EF Core 10 build's entry assembly.</summary>
    public static string OnEfCore10 { get; } = Built("EfScenarioApp.Ef10", "net10.0", "EfScenarioApp.Ef10.dll");

    private static string Built(string project, string framework, string assembly)
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        // <repository>/tests/Deploy.Recipes.Tests/bin/<Configuration>/net10.0/
        var configuration = tests.Parent!.Name;
        var file = Path.Combine(tests.Parent.Parent!.Parent!.Parent!.FullName, project, "bin", configuration, framework, assembly);
        if (!File.Exists(file))
            throw new InvalidOperationException($"{assembly} is not built at {file}");
        return file;
    }
}
