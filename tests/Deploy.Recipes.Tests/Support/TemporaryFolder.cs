namespace Deploy.Recipes.Tests.Support;

/// <summary>A folder under the system temp path, removed when disposed.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder(string prefix = "deploy-recipes-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test started may still hold a file for a moment; the temp folder is the OS's to reclaim.
        }
    }
}
