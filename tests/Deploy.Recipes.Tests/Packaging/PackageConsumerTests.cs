using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Packaging;

/// <summary>
/// The package as users get it: packed from a clean copy (<see cref="LocalFeed"/>), restored from a local folder feed
/// by a throwaway consumer repository with its own build program and build.sh.
/// </summary>
public sealed class PackageConsumerTests
{
    private LocalFeed _feed = null!;
    private string _package = null!;
    private string _version = null!;

    [OneTimeSetUp]
    public void Pack()
    {
        _feed = LocalFeed.Shared;
        _version = _feed.Version;
        _package = _feed.Package("Deploy.Recipes");
    }

    [Test]
    public void The_package_carries_docs_licences_and_Cake_and_depends_on_no_Cake_package()
    {
        using var zip = ZipFile.OpenRead(_package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        using var nuspecStream = zip.GetEntry("Deploy.Recipes.nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).ToList();
        var repository = metadata.Element(ns + "repository");

        Assert.Multiple(() =>
        {
            Assert.That(entries, Does.Contain("README.md").And.Contain("LICENSE").And.Contain("licenses/Cake/LICENSE"));
            Assert.That(entries, Does.Contain("lib/net10.0/Deploy.Recipes.dll").And.Contain("lib/net10.0/Deploy.Recipes.xml"));
            Assert.That(entries, Does.Contain("lib/net10.0/Cake.Core.dll").And.Contain("lib/net10.0/Cake.Common.dll"));
            Assert.That(dependencies, Has.None.StartsWith("Cake"));
            Assert.That(dependencies, Does.Contain("Microsoft.Extensions.DependencyInjection"));
            Assert.That((string?)metadata.Element(ns + "readme"), Is.EqualTo("README.md"));
            Assert.That((string?)metadata.Element(ns + "license"), Is.EqualTo("MIT"));
            Assert.That((string?)repository?.Attribute("type"), Is.EqualTo("git"));
            Assert.That((string?)repository?.Attribute("url"), Does.StartWith("https://"));
            Assert.That((string?)repository?.Attribute("commit"), Does.Match("^[0-9a-f]{40}$"));
        });
    }

    [Test]
    public async Task A_consumer_repository_restores_the_package_and_deploys_through_its_build_script()
    {
        using var consumer = new TemporaryFolder("deploy-recipes-consumer-");
        WriteConsumer(consumer);
        RepositoryCopy.Git(consumer.Path, "init", "--quiet", "--initial-branch=main");
        RepositoryCopy.Git(consumer.Path, "add", "--all");
        RepositoryCopy.Git(consumer.Path, "commit", "--quiet", "--message=consumer");
        var script = consumer.Combine("build.sh");

        var port = FreePort.Next();
        string[] where = ["--environment=staging", $"--public-port={port}"];
        var greeting = ProcessRun.Start(script, ["--target=Greet"], consumer.Path, new Dictionary<string, string> { ["DEPLOY_ENVIRONMENT"] = "staging" });
        var deploy = ProcessRun.Start(script, ["--target=Deploy", "--app-version=1.2.3", "--verify-time=1", .. where], consumer.Path, timeout: TimeSpan.FromMinutes(8));
        string? answer = null;
        try
        {
            using var http = new HttpClient();
            answer = await http.GetStringAsync($"http://127.0.0.1:{port}/");
        }
        catch (HttpRequestException)
        {
        }
        finally
        {
            var down = ProcessRun.Start(script, ["--target=Down", .. where], consumer.Path);
            Assert.That(down.ExitCode, Is.EqualTo(0), down.All);
        }

        Assert.That(greeting.ExitCode, Is.EqualTo(0), greeting.All);
        Assert.That(greeting.Out, Does.Contain("Greetings from staging"));
        Assert.That(deploy.ExitCode, Is.EqualTo(0), deploy.All);
        using var manifest = JsonDocument.Parse(File.ReadAllText(consumer.Combine("artifacts", "release", "release.json")));
        Assert.That(manifest.RootElement.GetProperty("version").GetString(), Is.EqualTo("1.2.3"));
        Assert.That(manifest.RootElement.GetProperty("app").GetString(), Is.EqualTo("Hello"));
        Assert.That(answer, Is.EqualTo("hello from 1.2.3"), "the package's edge serves the consumer's release");
    }

    private void WriteConsumer(TemporaryFolder consumer)
    {
        Directory.CreateDirectory(consumer.Combine("build"));
        Directory.CreateDirectory(consumer.Combine("src", "Hello"));
        _feed.WriteNuGetConfig(consumer.Path);
        File.WriteAllText(consumer.Combine("src", "Hello", "Hello.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        File.WriteAllText(consumer.Combine("src", "Hello", "Program.cs"), """
            using System.Reflection;

            var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
            var app = WebApplication.Create(args);
            app.Use(async (context, next) => { context.Response.Headers["X-App-Version"] = version; await next(context); });
            app.MapGet("/", () => $"hello from {version}");
            app.MapGet("/health/ready", () => "ready");
            app.MapGet("/version", () => new { version });
            app.Run();
            """);
        File.WriteAllText(consumer.Combine("build", "Build.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Deploy.Recipes" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(consumer.Combine("build", "Program.cs"), """
            using Cake.Common.Diagnostics;
            using Deploy.Recipes;
            using Deploy.Recipes.Hosting;
            using Deploy.Recipes.Releases;

            return new RecipeHost()
                .UseDeployRecipe(recipe =>
                {
                    recipe.App = "src/Hello/Hello.csproj";
                    recipe.Environments["staging"] = new DeployEnvironment { PublicPort = 5091 };
                })
                .Run(args);

            [TaskName("Greet")]
            public sealed class GreetTask : RecipeTask<DeployContext>
            {
                public override void Run(DeployContext context) => context.Information("Greetings from {0}", context.Settings.Environment);
            }
            """);
        // The consumer's build.sh is this repository's, with the consumer's inputs.
        var script = File.ReadAllText(Path.Combine(RepositoryCopy.Path, "build.sh"))
            .Replace("inputs=(build recipes/Deploy.Recipes recipes/Deploy.Recipes.Edge Directory.Build.props Cake.References.props)", "inputs=(build)");
        Assert.That(script, Does.Contain("inputs=(build)"), "build.sh's input list changed; update this test");
        File.WriteAllText(consumer.Combine("build.sh"), script);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(consumer.Combine("build.sh"), (UnixFileMode)0b111_101_101);
    }
}
