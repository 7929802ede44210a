using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// The sample shop as built next to these tests (the test project builds it first): what the edge runs in its slots.
/// </summary>
internal static class SampleShop
{
    public static string Directory { get; } = BuiltProject.Folder(Path.Combine("samples", "Shop"), "Shop.dll");
}
