namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A private `dotnet new` template store (<c>--debug:custom-hive</c>) with the template package installed from a
/// <see cref="LocalFeed"/> by its id, as a user installs it: the machine's installed templates are never touched.
/// </summary>
internal sealed class TemplateHive : IDisposable
{
    private readonly TemporaryFolder _folder = new("deploy-recipes-hive-");

    public TemplateHive(LocalFeed feed)
    {
        var install = ProcessRun.Start("dotnet",
            ["new", "install", $"Deploy.Recipes.Templates::{feed.Version}", "--add-source", feed.Path, .. HiveOption], _folder.Path);
        if (install.ExitCode != 0 || !install.Out.Contains("deploy-recipe"))
            throw new InvalidOperationException($"dotnet new install failed:\n{install.All}");
    }

    private string[] HiveOption => ["--debug:custom-hive", _folder.Path];

    /// <summary>Runs <c>dotnet new deploy-recipe</c> with <paramref name="options"/> in <paramref name="repository"/>.</summary>
    public ProcessRun NewDeployRecipe(string repository, params string[] options) =>
        ProcessRun.Start("dotnet", ["new", "deploy-recipe", .. options, .. HiveOption], repository);

    public void Dispose() => _folder.Dispose();
}
