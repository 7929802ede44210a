using System.Runtime.CompilerServices;
using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// The project files to build, test and deploy, made absolute and checked to exist before any tool runs. Settings
/// left empty are filled from the repository's own project files (<see cref="ProjectDiscovery"/>), so a build program
/// made by <c>dotnet new deploy-recipe</c> needs no list of projects and sees projects added later.
/// </summary>
internal static class RecipeProjects
{
    // One scan of the repository per run, however many tasks ask.
    private static readonly ConditionalWeakTable<DeployContext, DiscoveredProjects> Scans = new();

    // Folders that hold no project of the team's own: outputs, tools' caches, the recipe's state.
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
        { "bin", "obj", ".git", ".deploy", "node_modules", "artifacts", "TestResults", ".vs", ".idea" };

    public static string App(DeployContext context)
    {
        if (!string.IsNullOrWhiteSpace(context.Settings.App))
            return Existing(context, "app", context.Settings.App);
        return context.PathOf(ProjectDiscovery.OnlyApp(Discovered(context)));
    }

    /// <summary>The value of setting <c>tests</c> that turns testing off: an empty value means "find them".</summary>
    public const string NoTests = "none";

    public static IReadOnlyList<string> Tests(DeployContext context) => context.Settings.Tests switch
    {
        [var only] when only.Trim().Equals(NoTests, StringComparison.OrdinalIgnoreCase) => [],
        { Count: > 0 } named => named.Select(t => Existing(context, "tests", t)).ToList(),
        _ => Discovered(context).Tests.Select(context.PathOf).ToList(),
    };

    public static IReadOnlyList<string> All(DeployContext context) => [App(context), .. Tests(context)];

    private static DiscoveredProjects Discovered(DeployContext context) => Scans.GetValue(context, Scan);

    private static DiscoveredProjects Scan(DeployContext context)
    {
        var found = ProjectDiscovery.Classify(ProjectFiles(context.Repository)
            .Select(path => (Path.GetRelativePath(context.Repository, path).Replace('\\', '/'), File.ReadAllText(path))));
        if (string.IsNullOrWhiteSpace(context.Settings.App))
            context.Information("Setting 'app' is empty: ASP.NET Core project(s) found: {0}", Listed(found.Apps));
        if (context.Settings.Tests.Count == 0)
            context.Information("Setting 'tests' is empty: test project(s) found: {0}", Listed(found.Tests));
        return found;
    }

    private static string Listed(IReadOnlyList<string> paths) => paths.Count == 0 ? "none" : string.Join(", ", paths);

    private static IEnumerable<string> ProjectFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (Path.GetExtension(file) is ".csproj" or ".fsproj" or ".vbproj")
                yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            if (SkippedFolders.Contains(Path.GetFileName(child)))
                continue;
            foreach (var file in ProjectFiles(child))
                yield return file;
        }
    }

    private static string Existing(DeployContext context, string setting, string relative)
    {
        var path = context.PathOf(relative);
        if (!File.Exists(path))
            throw new RecipeUsageException($"Setting '{setting}' names '{relative}', but there is no such project file (looked at {path}).");
        return path;
    }
}
