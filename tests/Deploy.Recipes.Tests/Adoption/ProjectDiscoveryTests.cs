using Deploy.Recipes.Hosting;
using Deploy.Recipes.Tasks;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Adoption;

/// <summary>Which project is the app and which are its tests, judged from project files alone.</summary>
public sealed class ProjectDiscoveryTests
{
    private const string Web = """<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>""";
    private const string Library = """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>""";
    private const string Tests = """
        <Project Sdk="Microsoft.NET.Sdk">
          <ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" /></ItemGroup>
        </Project>
        """;

    [Test]
    public void A_project_on_the_web_sdk_is_an_app_and_a_library_is_neither()
    {
        var found = ProjectDiscovery.Classify([("src/Notes/Notes.csproj", Web), ("src/Core/Core.csproj", Library)]);

        Assert.That(found.Apps, Is.EqualTo(new[] { "src/Notes/Notes.csproj" }));
        Assert.That(found.Tests, Is.Empty);
    }

    [Test]
    public void A_project_referencing_the_test_sdk_is_a_test_even_on_the_web_sdk()
    {
        const string webTests = """<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="microsoft.net.test.sdk" /></ItemGroup></Project>""";

        var found = ProjectDiscovery.Classify([("tests/Unit/Unit.csproj", Tests), ("tests/Web/Web.csproj", webTests), ("src/App/App.csproj", Web)]);

        Assert.That(found.Tests, Is.EqualTo(new[] { "tests/Unit/Unit.csproj", "tests/Web/Web.csproj" }));
        Assert.That(found.Apps, Is.EqualTo(new[] { "src/App/App.csproj" }));
    }

    [Test]
    public void A_test_project_marked_IsTestProject_is_a_test_without_naming_the_test_sdk()
    {
        const string marked = """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>""";

        Assert.That(ProjectDiscovery.Classify([("tests/T/T.csproj", marked)]).Tests, Is.EqualTo(new[] { "tests/T/T.csproj" }));
    }

    [Test]
    public void The_web_sdk_is_recognised_with_a_version_among_several_sdks_and_as_an_Sdk_element()
    {
        const string versioned = """<Project Sdk="Aspire.AppHost.Sdk/9.0.0; Microsoft.NET.Sdk.Web/9.0.100"></Project>""";
        const string element = """<Project><Sdk Name="Microsoft.NET.Sdk.Web" /></Project>""";

        var found = ProjectDiscovery.Classify([("a/A.csproj", versioned), ("b/B.csproj", element)]);

        Assert.That(found.Apps, Is.EqualTo(new[] { "a/A.csproj", "b/B.csproj" }));
    }

    [Test]
    public void Projects_under_build_are_the_build_program_and_never_the_app_or_a_test()
    {
        var found = ProjectDiscovery.Classify([("build/Build.csproj", Web), ("build/Tests/T.csproj", Tests), ("src/App/App.csproj", Web)]);

        Assert.That(found.Apps, Is.EqualTo(new[] { "src/App/App.csproj" }));
        Assert.That(found.Tests, Is.Empty);
    }

    [Test]
    public void A_project_file_that_is_not_xml_is_skipped()
    {
        Assert.That(ProjectDiscovery.Classify([("x/X.csproj", "not <xml")]), Is.EqualTo(new DiscoveredProjects([], [])).Using<DiscoveredProjects>(Same));
    }

    [Test]
    public void The_only_app_is_chosen()
    {
        Assert.That(ProjectDiscovery.OnlyApp(new DiscoveredProjects(["src/App/App.csproj"], [])), Is.EqualTo("src/App/App.csproj"));
    }

    [Test]
    public void Several_apps_are_an_error_listing_each_and_saying_how_to_choose()
    {
        var error = Assert.Throws<RecipeUsageException>(() =>
            ProjectDiscovery.OnlyApp(new DiscoveredProjects(["src/Admin/Admin.csproj", "src/Shop/Shop.csproj"], [])))!;

        Assert.That(error.Message, Does.Contain("2 ASP.NET Core projects: src/Admin/Admin.csproj, src/Shop/Shop.csproj"));
        Assert.That(error.Message, Does.Contain("recipe.App").And.Contain("--app="));
    }

    [Test]
    public void No_app_is_an_error_naming_the_setting()
    {
        var error = Assert.Throws<RecipeUsageException>(() => ProjectDiscovery.OnlyApp(new DiscoveredProjects([], ["tests/T/T.csproj"])))!;

        Assert.That(error.Message, Does.Contain("no ASP.NET Core project").And.Contain("--app="));
    }

    private static bool Same(DiscoveredProjects a, DiscoveredProjects b) => a.Apps.SequenceEqual(b.Apps) && a.Tests.SequenceEqual(b.Tests);
}
