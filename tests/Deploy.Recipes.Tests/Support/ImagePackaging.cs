using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// Package with <c>artifact=image</c> run as a user runs it (./build.sh in a repository, the registry password in its
/// environment), against the run's test daemon and registry; also what the <c>-- containers</c> benchmark measures.
/// </summary>
internal static partial class ImagePackaging
{
    /// <summary>What one Package made: the run, the manifest it wrote and the build + push seconds it printed.</summary>
    public sealed record Packaged(ProcessRun Run, ReleaseManifest? Manifest, double BuildAndPushSeconds, double WallSeconds);

    /// <summary>
    /// Runs <c>./build.sh --target=Package --exclusive --artifact=image</c> in <paramref name="repository"/> into
    /// <c>artifacts/&lt;artifacts&gt;</c> at <paramref name="version"/>; <paramref name="extra"/> adds arguments (e.g.
    /// <c>--dockerfile=samples/Shop/Dockerfile</c>).
    /// </summary>
    public static Packaged Package(string repository, string artifacts, string version, params string[] extra)
    {
        TestDocker.Ensure();
        var watch = Stopwatch.StartNew();
        var run = ProcessRun.Start(Path.Combine(repository, "build.sh"),
            ["--target=Package", "--exclusive", "--artifact=image", $"--app-version={version}", $"--artifacts=artifacts/{artifacts}", .. extra],
            repository, new Dictionary<string, string>(TestDocker.RecipeEnvironment()), TimeSpan.FromMinutes(8));
        var wall = watch.Elapsed.TotalSeconds;
        var manifestFile = Path.Combine(repository, "artifacts", artifacts, "release", ReleaseManifest.FileName);
        var manifest = run.ExitCode == 0 && File.Exists(manifestFile) ? ReleaseManifest.Load(manifestFile) : null;
        var seconds = BuildAndPush().Match(run.Out) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        return new Packaged(run, manifest, seconds, wall);
    }

    /// <summary>The digest the test registry gives <paramref name="repository"/>:<paramref name="tag"/> now (asked directly, with Basic auth).</summary>
    public static string RegistryDigestOf(string repository, string tag)
    {
        var path = repository[(repository.IndexOf('/') + 1)..];
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{TestDocker.Registry}/v2/{path}/manifests/{tag}");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.list.v2+json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestDocker.User}:{TestDocker.Password}")));
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>
    /// Seconds to pull <paramref name="image"/> by digest into the test daemon after the image (every name of it: the
    /// tests' own) is removed; the base image's layers stay, as on a host that already runs releases.
    /// </summary>
    public static double PullSeconds(ContainerImage image)
    {
        var id = TestDocker.DockerRun(null, "image", "inspect", "--format", "{{.Id}}", image.Reference).Out.Trim();
        if (id.Length > 0)
            TestDocker.Docker("image", "rm", "--force", id);
        var watch = Stopwatch.StartNew();
        TestDocker.Docker("pull", "--quiet", image.Reference);
        return watch.Elapsed.TotalSeconds;
    }

    [GeneratedRegex(@"built and pushed in ([0-9]+(?:\.[0-9]+)?) s")]
    private static partial Regex BuildAndPush();
}
