using System.Reflection;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>The edge's own version (the recipe's version), reported in edge.json.</summary>
internal static class EdgeVersion
{
    public static string Current { get; } =
        typeof(EdgeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
