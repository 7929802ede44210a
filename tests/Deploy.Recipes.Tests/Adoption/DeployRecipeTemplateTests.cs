using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Adoption;

/// <summary>
/// `dotnet new deploy-recipe` from the packed template package, in throwaway repositories kept the way teams keep
/// them; the generated build.sh compiles and runs the build program against the packed recipe.
/// </summary>
public sealed class DeployRecipeTemplateTests
{
    private LocalFeed _feed = null!;
    private TemplateHive _hive = null!;

    [OneTimeSetUp]
    public void InstallTemplate()
    {
        _feed = LocalFeed.Shared;
        _hive = new TemplateHive(_feed);
    }

    [OneTimeTearDown]
    public void RemoveHive() => _hive.Dispose();

    [Test]
    public void The_build_program_restores_and_builds_beside_a_repository_wide_target_framework_central_packages_a_global_json_and_a_nuget_config()
    {
        using var repository = new TemporaryFolder("deploy-recipes-adopter-");
        WriteTeamRepository(repository);
        WriteProject(repository, "src/Web/Web.csproj", "Microsoft.NET.Sdk.Web", "");
        File.WriteAllText(repository.Combine("src", "Web", "Program.cs"), "var app = WebApplication.Create(args);\napp.MapGet(\"/\", () => \"hi\");\napp.Run();\n");
        WriteProject(repository, "tests/Web.Tests/Web.Tests.csproj", "Microsoft.NET.Sdk", """<ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" /></ItemGroup>""");

        var created = _hive.NewDeployRecipe(repository.Path);
        Assert.That(created.ExitCode, Is.EqualTo(0), created.All);
        foreach (var file in new[] { "build/Build.csproj", "build/Program.cs", "build.sh", "build.ps1", "cake.config" })
            Assert.That(File.Exists(repository.Combine(file.Split('/'))), file);
        Assert.That(File.GetUnixFileMode(repository.Combine("build.sh")) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute), "build.sh is executable");
        Assert.That(File.ReadAllText(repository.Combine("build", "Build.csproj")), Does.Contain($"""Include="Deploy.Recipes" Version="{_feed.Version}" """));

        var build = ProcessRun.Start(repository.Combine("build.sh"), ["--target=Build"], repository.Path, timeout: TimeSpan.FromMinutes(8));

        Assert.That(build.ExitCode, Is.EqualTo(0), build.All);
        Assert.That(build.Out, Does.Contain("ASP.NET Core project(s) found: src/Web/Web.csproj"));
        Assert.That(build.Out, Does.Contain("test project(s) found: tests/Web.Tests/Web.Tests.csproj"));
        Assert.That(File.Exists(repository.Combine("src", "Web", "bin", "Release", "net8.0", "Web.dll")), "the app built for the repository's own target framework");
        Assert.That(File.ReadAllLines(repository.Combine(".gitignore")), Is.EqualTo(new[] { "bin/", "obj/", ".deploy/" }), "the .deploy/ line is appended, the team's lines kept");
    }

    [Test]
    public void Several_web_apps_and_no_app_option_stop_the_first_run_with_an_error_listing_them()
    {
        using var repository = new TemporaryFolder("deploy-recipes-adopter-");
        _feed.WriteNuGetConfig(repository.Path);
        WriteProject(repository, "src/Admin/Admin.csproj", "Microsoft.NET.Sdk.Web", "");
        WriteProject(repository, "src/Shop/Shop.csproj", "Microsoft.NET.Sdk.Web", "");

        var created = _hive.NewDeployRecipe(repository.Path);
        Assert.That(created.ExitCode, Is.EqualTo(0), created.All);
        var build = ProcessRun.Start(repository.Combine("build.sh"), ["--target=Build"], repository.Path, timeout: TimeSpan.FromMinutes(8));

        Assert.That(build.ExitCode, Is.Not.EqualTo(0));
        Assert.That(build.Error, Does.Contain("2 ASP.NET Core projects: src/Admin/Admin.csproj, src/Shop/Shop.csproj"));
        Assert.That(Directory.Exists(repository.Combine("src", "Shop", "obj")), Is.False, "nothing was restored or built");
    }

    [Test]
    public void The_app_option_names_the_app_in_Program_cs()
    {
        using var repository = new TemporaryFolder("deploy-recipes-adopter-");

        var created = _hive.NewDeployRecipe(repository.Path, "--app", "src/Notes/Notes.csproj");

        Assert.That(created.ExitCode, Is.EqualTo(0), created.All);
        Assert.That(File.ReadAllText(repository.Combine("build", "Program.cs")), Does.Contain("""recipe.App = "src/Notes/Notes.csproj";"""));
    }

    [Test]
    public void The_generated_build_sh_rebuilds_the_build_program_when_a_file_under_build_changes()
    {
        using var repository = new TemporaryFolder("deploy-recipes-adopter-");
        _feed.WriteNuGetConfig(repository.Path);
        Assert.That(_hive.NewDeployRecipe(repository.Path).ExitCode, Is.EqualTo(0));
        var script = repository.Combine("build.sh");
        var before = ProcessRun.Start(script, ["--tree"], repository.Path, timeout: TimeSpan.FromMinutes(8));
        Assert.That(before.ExitCode, Is.EqualTo(0), before.All);

        File.AppendAllText(repository.Combine("build", "Program.cs"), """

            [TaskName("Greet")]
            public sealed class GreetTask : RecipeTask<DeployContext>
            {
                public override void Run(DeployContext context) => Console.WriteLine("Greetings from the edited build program");
            }
            """);
        var after = ProcessRun.Start(script, ["--target=Greet"], repository.Path, timeout: TimeSpan.FromMinutes(8));

        Assert.That(after.ExitCode, Is.EqualTo(0), after.All);
        Assert.That(after.Out, Does.Contain("Greetings from the edited build program"));
    }

    // What teams keep at their repository root: one target framework and strict warnings for every project, central
    // package versions, a pinned SDK, and a nuget.config (here: adding the test feed). None of it is the build program's.
    private void WriteTeamRepository(TemporaryFolder repository)
    {
        _feed.WriteNuGetConfig(repository.Path);
        File.WriteAllText(repository.Combine("Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(repository.Combine("Directory.Packages.props"), """
            <Project>
              <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
              <ItemGroup><PackageVersion Include="Microsoft.NET.Test.Sdk" Version="18.0.1" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(repository.Combine("global.json"), """{ "sdk": { "version": "10.0.100", "rollForward": "latestFeature" } }""");
        // The team's .gitignore, without a final newline.
        File.WriteAllText(repository.Combine(".gitignore"), "bin/\nobj/");
    }

    private static void WriteProject(TemporaryFolder repository, string path, string sdk, string items)
    {
        var file = repository.Combine(path.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, $"""<Project Sdk="{sdk}">{items}</Project>""");
    }
}
