using NUnit.Framework;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// Two releases of the sample shop packaged once per test run in the repository copy (artifacts/v1, artifacts/v2),
/// so most end-to-end tests can deploy with --exclusive the way CI's later stages deploy a packaged artifact.
/// </summary>
internal static class PackagedReleases
{
    public const string V1 = "1.0.0";
    public const string V2 = "2.0.0";
    private static readonly Lazy<bool> Packaged = new(Package);

    public static string Artifacts(string version) => $"--artifacts=artifacts/v{version}";

    public static void Ensure() => _ = Packaged.Value;

    private static bool Package()
    {
        var script = Path.Combine(RepositoryCopy.Path, "build.sh");
        var first = ProcessRun.Start(script, ["--target=Package", $"--app-version={V1}", Artifacts(V1)], RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.All);
        var second = ProcessRun.Start(script, ["--target=Package", "--exclusive", $"--app-version={V2}", Artifacts(V2)], RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
        Assert.That(second.ExitCode, Is.EqualTo(0), second.All);
        return true;
    }
}
