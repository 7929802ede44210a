using System.Xml;
using System.Xml.Linq;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Which projects of a repository are the app and which are its tests, judged from the project files alone, for a
/// build program that names neither: an app uses the ASP.NET Core SDK (<c>Microsoft.NET.Sdk.Web</c>), a test project
/// references <c>Microsoft.NET.Test.Sdk</c> (or says <c>IsTestProject</c>). A project that is both counts as a test.
/// </summary>
internal static class ProjectDiscovery
{
    /// <summary>The folder of the build program itself, never the app or a test (paths relative, with '/').</summary>
    public const string BuildFolder = "build/";

    private const string WebSdk = "Microsoft.NET.Sdk.Web";
    private const string TestSdk = "Microsoft.NET.Test.Sdk";

    /// <summary>The apps and tests among <paramref name="projects"/> (relative path, file text), each sorted by path.</summary>
    public static DiscoveredProjects Classify(IEnumerable<(string Path, string Text)> projects)
    {
        var apps = new List<string>();
        var tests = new List<string>();
        foreach (var (path, text) in projects)
        {
            if (path.Replace('\\', '/').StartsWith(BuildFolder, StringComparison.OrdinalIgnoreCase))
                continue;
            if (Parse(text) is not { } project)
                continue;
            if (IsTest(project))
                tests.Add(path);
            else if (IsWebApp(project))
                apps.Add(path);
        }

        return new DiscoveredProjects(apps.Order(StringComparer.Ordinal).ToList(), tests.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The one app to deploy; none or several is bad input naming what was found and how to choose.</summary>
    public static string OnlyApp(DiscoveredProjects found)
    {
        return found.Apps.Count switch
        {
            1 => found.Apps[0],
            0 => throw new RecipeUsageException(
                $"Setting 'app' is empty and no ASP.NET Core project (Sdk=\"{WebSdk}\") was found in the repository ({BuildFolder} excluded): " +
                "set recipe.App in build/Program.cs, or pass --app=<path to the app's .csproj>."),
            _ => throw new RecipeUsageException(
                $"Setting 'app' is empty and the repository has {found.Apps.Count} ASP.NET Core projects: {string.Join(", ", found.Apps)}. " +
                $"Name the one to deploy: recipe.App = \"{found.Apps[0]}\" in build/Program.cs, --app={found.Apps[0]}, " +
                $"or dotnet new deploy-recipe --app {found.Apps[0]} --force."),
        };
    }

    private static XElement? Parse(string text)
    {
        try
        {
            return XDocument.Parse(text).Root;
        }
        catch (XmlException)
        {
            // Not a project file MSBuild could read either: neither app nor test.
            return null;
        }
    }

    private static bool IsWebApp(XElement project) =>
        SdkNames(project).Any(sdk => sdk.Equals(WebSdk, StringComparison.OrdinalIgnoreCase));

    // The SDK can be named on <Project Sdk="A;B/1.0">, as <Sdk Name="A" /> or as <Import Sdk="A" />.
    private static IEnumerable<string> SdkNames(XElement project) =>
        new[] { (string?)project.Attribute("Sdk") }
            .Concat(project.Elements().Where(e => e.Name.LocalName == "Sdk").Select(e => (string?)e.Attribute("Name")))
            .Concat(project.Elements().Where(e => e.Name.LocalName == "Import").Select(e => (string?)e.Attribute("Sdk")))
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .SelectMany(value => value!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(sdk => sdk.Split('/')[0]);

    private static bool IsTest(XElement project) =>
        project.Descendants().Any(e =>
            (e.Name.LocalName == "PackageReference" && string.Equals((string?)e.Attribute("Include"), TestSdk, StringComparison.OrdinalIgnoreCase)) ||
            (e.Name.LocalName == "IsTestProject" && string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>The app projects and test projects found in a repository, as paths relative to its root.</summary>
internal sealed record DiscoveredProjects(IReadOnlyList<string> Apps, IReadOnlyList<string> Tests);
