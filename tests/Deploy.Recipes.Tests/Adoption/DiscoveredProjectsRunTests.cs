using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Adoption;

/// <summary>A build program that names no app finds it in the repository, or stops before any tool runs.</summary>
public sealed class DiscoveredProjectsRunTests
{
    [Test]
    public void Two_web_apps_and_no_app_setting_stop_the_run_before_any_tool_runs_listing_both()
    {
        using var repository = new TemporaryFolder();
        WriteProject(repository, "src/Admin/Admin.csproj", "Microsoft.NET.Sdk.Web");
        WriteProject(repository, "src/Shop/Shop.csproj", "Microsoft.NET.Sdk.Web");

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=Build");

        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("2 ASP.NET Core projects: src/Admin/Admin.csproj, src/Shop/Shop.csproj"));
        Assert.That(Directory.Exists(repository.Combine("src", "Shop", "obj")), Is.False, "nothing was restored or built");
    }

    [Test]
    public void The_only_web_app_and_the_test_projects_are_found_and_said()
    {
        using var repository = new TemporaryFolder();
        WriteProject(repository, "src/Shop/Shop.csproj", "Microsoft.NET.Sdk.Web");
        WriteProject(repository, "src/Core/Core.csproj", "Microsoft.NET.Sdk");
        WriteProject(repository, "build/Build.csproj", "Microsoft.NET.Sdk.Web");
        File.WriteAllText(repository.Combine("src", "Core", "Core.csproj"),
            """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" /></ItemGroup></Project>""");

        // An invalid version stops Package after the projects are resolved and before anything is published.
        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=Package", "--exclusive", "--app-version=bad version!");

        Assert.That(console.All, Does.Contain("ASP.NET Core project(s) found: src/Shop/Shop.csproj"));
        Assert.That(console.All, Does.Contain("test project(s) found: src/Core/Core.csproj"));
        Assert.That(exit, Is.Not.EqualTo(0));
    }

    [Test]
    public void Tests_none_runs_no_test_project_even_when_the_repository_has_some()
    {
        using var repository = new TemporaryFolder();
        WriteProject(repository, "src/Shop/Shop.csproj", "Microsoft.NET.Sdk.Web");
        File.WriteAllText(repository.Combine("Shop.Tests.csproj"),
            """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" /></ItemGroup></Project>""");

        // Test alone, skipped by its criteria, is a run Cake ends non-zero: what matters is that no test ran.
        var (_, console) = InProcessRecipe.Run(repository.Path, "--target=Test", "--exclusive", "--tests=none");

        Assert.That(console.All, Does.Contain("setting 'tests' is none").And.Contain("released untested"));
        Assert.That(console.All, Does.Not.Contain("Shop.Tests.csproj"));
        Assert.That(console.All, Does.Not.Contain("test project(s) found"));
    }

    private static void WriteProject(TemporaryFolder repository, string path, string sdk)
    {
        var file = repository.Combine(path.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, $"""<Project Sdk="{sdk}"></Project>""");
    }
}
