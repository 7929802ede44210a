namespace Deploy.Recipes.Releases;

/// <summary>A release installed under <c>.deploy/releases/&lt;Id&gt;</c>, ready to start in a slot.</summary>
/// <param name="Id">Version plus the first 8 hex digits of the artifact digest: the same bytes always get the same id.</param>
/// <param name="Manifest">What the artifact is.</param>
/// <param name="AppDirectory">The published app.</param>
public sealed record InstalledRelease(string Id, ReleaseManifest Manifest, string AppDirectory)
{
    /// <summary>The app's DLL, run with <c>dotnet</c>.</summary>
    public string EntryAssembly => Manifest.App + ".dll";
}
