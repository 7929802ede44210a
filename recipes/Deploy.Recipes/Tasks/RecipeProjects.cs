using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>The project files the settings name, made absolute and checked to exist before any tool runs.</summary>
internal static class RecipeProjects
{
    public static string App(DeployContext context)
    {
        if (string.IsNullOrWhiteSpace(context.Settings.App))
            throw new RecipeUsageException("Setting 'app' is empty: set recipe.App in Program.cs (or --app=<path to .csproj>) to the app to deploy.");
        return Existing(context, "app", context.Settings.App);
    }

    public static IReadOnlyList<string> Tests(DeployContext context) =>
        context.Settings.Tests.Select(t => Existing(context, "tests", t)).ToList();

    public static IReadOnlyList<string> All(DeployContext context) => [App(context), .. Tests(context)];

    private static string Existing(DeployContext context, string setting, string relative)
    {
        var path = context.PathOf(relative);
        if (!File.Exists(path))
            throw new RecipeUsageException($"Setting '{setting}' names '{relative}', but there is no such project file (looked at {path}).");
        return path;
    }
}
