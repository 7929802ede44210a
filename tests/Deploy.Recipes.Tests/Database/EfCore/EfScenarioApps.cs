using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Database.EfCore;

/// <summary>tests/EfScenarioApp as built next to these tests: the same migrations on EF Core 8 (net8.0) and EF Core 10 (net10.0).</summary>
internal static class EfScenarioApps
{
    /// <summary>The EF Core 8 build's entry assembly.</summary>
    public static string OnEfCore8 { get; } = BuiltProject.Assembly(Path.Combine("tests", "EfScenarioApp"), "EfScenarioApp.dll", "net8.0");

    /// <summary>The EF Core 10 build's entry assembly.</summary>
    public static string OnEfCore10 { get; } = BuiltProject.Assembly(Path.Combine("tests", "EfScenarioApp.Ef10"), "EfScenarioApp.Ef10.dll");
}
