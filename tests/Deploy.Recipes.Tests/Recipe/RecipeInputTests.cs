using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Recipe;

/// <summary>The recipe refuses bad settings before any tool runs or any file is written.</summary>
public sealed class RecipeInputTests
{
    [Test]
    public void An_app_setting_naming_a_missing_project_fails_before_any_tool_runs()
    {
        using var repository = new TemporaryFolder();

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=Build", "--app=src/Nope/Nope.csproj");

        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("Setting 'app' names 'src/Nope/Nope.csproj', but there is no such project file"));
        Assert.That(console.Out, Does.Not.Contain("dotnet"));
    }

    [Test]
    public void An_invalid_app_version_is_refused_before_anything_is_published()
    {
        using var repository = new TemporaryFolder();
        File.WriteAllText(Path.Combine(repository.Path, "App.csproj"), "<Project />");

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=Package", "--exclusive", "--app=App.csproj", "--app-version=2 final!");

        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("App version '2 final!' is not valid").And.Contain("letters, digits"));
        Assert.That(Directory.Exists(Path.Combine(repository.Path, "artifacts")), Is.False);
    }

    [Test]
    public void The_recipe_graph_is_registered_with_one_call()
    {
        using var repository = new TemporaryFolder();

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--tree", "--target=Deploy");

        Assert.That(exit, Is.EqualTo(0), console.All);
        Assert.That(console.Out, Does.StartWith("Deploy"));
        foreach (var task in new[] { "Migrate", "Validate", "Package", "Test", "Build", "Restore", "StagingClone" })
            Assert.That(console.Out, Does.Contain("── " + task));
    }

    [Test]
    public void A_bad_batch_size_is_refused_before_anything_changes()
    {
        using var repository = new TemporaryFolder();

        var (exit, console) = InProcessRecipe.Run(repository.Path, "--target=Deploy", "--strategy=rolling", "--batch-size=0");

        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("Setting 'batch-size' is '0'").And.Contain("25%"));
        Assert.That(Directory.Exists(Path.Combine(repository.Path, ".deploy")), Is.False, "nothing was written, not even the lock");
    }
}
