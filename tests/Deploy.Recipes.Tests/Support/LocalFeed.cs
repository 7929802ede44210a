namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// The recipe package and the template package, packed once per test run from the clean repository copy at a
/// version no earlier run used (so the NuGet cache can never hand back a stale package), in a local folder feed.
/// </summary>
internal sealed class LocalFeed
{
    private static readonly Lazy<LocalFeed> Packed = new(Pack);
    private readonly TemporaryFolder _folder;

    private LocalFeed(TemporaryFolder folder, string version)
    {
        _folder = folder;
        Version = version;
    }

    /// <summary>The feed, packing both packages on first use.</summary>
    public static LocalFeed Shared => Packed.Value;

    /// <summary>The folder holding the packages.</summary>
    public string Path => _folder.Path;

    /// <summary>The version both packages were packed at.</summary>
    public string Version { get; }

    /// <summary>The path of a package in the feed, for example <c>Deploy.Recipes</c>.</summary>
    public string Package(string id) => System.IO.Path.Combine(Path, $"{id}.{Version}.nupkg");

    /// <summary>
    /// Writes a nuget.config into <paramref name="repository"/> that adds this feed to the machine's configured
    /// sources (never clears or replaces them): everything else restores from wherever this machine's NuGet does.
    /// </summary>
    public void WriteNuGetConfig(string repository) =>
        File.WriteAllText(System.IO.Path.Combine(repository, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="deploy-recipes-test-feed" value="{Path}" />
              </packageSources>
            </configuration>
            """);

    /// <summary>Removes the feed and the packages restored from it into the NuGet cache, if it was packed.</summary>
    public static void Remove()
    {
        if (!Packed.IsValueCreated)
            return;
        var feed = Packed.Value;
        feed._folder.Dispose();
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "deploy.recipes", "deploy.recipes.templates" })
        {
            var cached = System.IO.Path.Combine(cache, id, feed.Version);
            if (Directory.Exists(cached))
                Directory.Delete(cached, recursive: true);
        }
    }

    private static LocalFeed Pack()
    {
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var folder = new TemporaryFolder("deploy-recipes-feed-");
        foreach (var project in new[] { "recipes/Deploy.Recipes/Deploy.Recipes.csproj", "templates/dotnet/Deploy.Recipes.Templates.csproj" })
        {
            var pack = ProcessRun.Start("dotnet", ["pack", project, "-c", "Release", "-o", folder.Path, $"-p:Version={version}", "--nologo"], RepositoryCopy.Path);
            if (pack.ExitCode != 0)
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{pack.All}");
        }

        return new LocalFeed(folder, version);
    }
}
