using System.Reflection;

namespace Deploy.Recipes.Database;

/// <summary>
/// A web app's assemblies refer to the ASP.NET Core shared framework, which a build program does not load: those
/// assemblies come from the installed framework beside the running runtime.
/// </summary>
internal static class SharedFramework
{
    /// <summary>The ASP.NET Core shared framework's file for <paramref name="name"/>; null when it has none.</summary>
    public static string? FileOf(AssemblyName name)
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var frameworks = Path.GetFullPath(Path.Combine(runtime, "..", ".."));
        var aspNet = Path.Combine(frameworks, "Microsoft.AspNetCore.App");
        if (!Directory.Exists(aspNet))
            return null;
        var version = Path.GetFileName(runtime);
        var folder = Directory.Exists(Path.Combine(aspNet, version))
            ? Path.Combine(aspNet, version)
            : Directory.GetDirectories(aspNet).Order(StringComparer.Ordinal).LastOrDefault();
        var file = folder == null ? null : Path.Combine(folder, name.Name + ".dll");
        return file != null && File.Exists(file) ? file : null;
    }
}
