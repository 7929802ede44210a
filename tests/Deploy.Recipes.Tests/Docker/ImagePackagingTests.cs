using System.Text.Json;
using Deploy.Recipes.Containers;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets.Local;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Docker;

/// <summary>
/// Package with <c>artifact=image</c> for real, once per builder, in the shared repository copy: the .NET SDK's
/// builder and the shop's Dockerfile each push ONE image to the test registry (htpasswd auth), the manifest carries the
/// digest the registry reports, and the image is pulled onto a host by digest and serves. About 2 minutes.
/// </summary>
[NonParallelizable]
public sealed class ImagePackagingTests
{
    private const string SdkVersion = "3.0.0-sdk";
    private const string DockerfileVersion = "3.0.0-dockerfile";
    private ImagePackaging.Packaged sdk = null!;
    private ImagePackaging.Packaged dockerfile = null!;

    [OneTimeSetUp]
    public void PackageWithBothBuilders()
    {
        sdk = ImagePackaging.Package(RepositoryCopy.Path, "image-sdk", SdkVersion);
        dockerfile = ImagePackaging.Package(RepositoryCopy.Path, "image-dockerfile", DockerfileVersion, "--dockerfile=samples/Shop/Dockerfile");
        TestContext.Progress.WriteLine(
            $"Image build + push: SDK builder {sdk.BuildAndPushSeconds:0.0} s (Package {sdk.WallSeconds:0.0} s), Dockerfile builder {dockerfile.BuildAndPushSeconds:0.0} s (Package {dockerfile.WallSeconds:0.0} s)");
    }

    [Test]
    public void The_sdk_builder_pushes_the_image_and_the_manifest_carries_the_digest_the_registry_reports()
    {
        Assert.That(sdk.Run.ExitCode, Is.EqualTo(0), sdk.Run.All);
        var image = sdk.Manifest!.Image!;

        Assert.That(image.Repository, Is.EqualTo($"{TestDocker.Registry}/shop"));
        Assert.That(image.Tag, Is.EqualTo(SdkVersion));
        Assert.That(image.Digest, Is.EqualTo(ImagePackaging.RegistryDigestOf(image.Repository, SdkVersion)));
        Assert.That(sdk.Manifest.ReleaseId, Is.EqualTo($"{SdkVersion}-{image.DigestHex[..8]}"));
    }

    [Test]
    public void The_dockerfile_builder_pushes_the_image_and_the_manifest_carries_the_digest_the_registry_reports()
    {
        Assert.That(dockerfile.Run.ExitCode, Is.EqualTo(0), dockerfile.Run.All);
        var image = dockerfile.Manifest!.Image!;

        Assert.That(image.Repository, Is.EqualTo($"{TestDocker.Registry}/shop"));
        Assert.That(image.Tag, Is.EqualTo(DockerfileVersion));
        Assert.That(image.Digest, Is.EqualTo(ImagePackaging.RegistryDigestOf(image.Repository, DockerfileVersion)));
    }

    [Test]
    public void The_folder_artifact_is_still_published_beside_the_image()
    {
        var folder = Path.Combine(RepositoryCopy.Path, "artifacts", "image-sdk", "release", "app");

        Assert.That(File.Exists(Path.Combine(folder, "Shop.dll")), Is.True);
        Assert.That(sdk.Manifest!.Files, Is.GreaterThan(0));
    }

    [Test]
    public void Package_prints_one_line_naming_the_image_by_digest_and_never_the_password()
    {
        foreach (var packaged in new[] { sdk, dockerfile })
        {
            Assert.That(packaged.Run.Out, Does.Contain($"Image {packaged.Manifest!.Image!.Reference} "), packaged.Run.All);
            Assert.That(packaged.Run.All, Does.Not.Contain(TestDocker.Password));
        }
    }

    [Test]
    public void Packaging_the_same_version_again_succeeds_and_the_manifest_follows_the_registrys_digest()
    {
        var again = ImagePackaging.Package(RepositoryCopy.Path, "image-dockerfile", DockerfileVersion, "--dockerfile=samples/Shop/Dockerfile");

        Assert.That(again.Run.ExitCode, Is.EqualTo(0), again.Run.All);
        Assert.That(again.Manifest!.Image!.Digest, Is.EqualTo(ImagePackaging.RegistryDigestOf(again.Manifest.Image.Repository, DockerfileVersion)));
    }

    [Test]
    public async Task A_host_pulls_the_image_by_digest_once_with_a_temporary_login_and_it_serves_the_version()
    {
        var image = sdk.Manifest!.Image!;
        TestDocker.DockerRun(null, "image", "rm", "--force", image.Reference);
        var leftBefore = TemporaryConfigs();
        await using var host = LocalMachine();
        var settings = TestDocker.Apply(new DeploySettings());

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var pulled = await ImagePull.OnHostAsync(host, image, settings, CancellationToken.None);
        TestContext.Progress.WriteLine($"Image pull by digest (login, pull, temporary config removed): {watch.Elapsed.TotalSeconds:0.0} s");
        var again = await ImagePull.OnHostAsync(host, image, settings, CancellationToken.None);

        Assert.That(pulled, Is.True);
        Assert.That(again, Is.False, "an image already present is not pulled again");
        Assert.That(TemporaryConfigs(), Is.EquivalentTo(leftBefore), "the temporary client configuration is removed");
        Assert.That(await ServedVersion(image), Does.StartWith(SdkVersion));
    }

    [Test]
    public async Task A_refused_login_names_the_host_and_the_image_and_never_the_password()
    {
        var image = sdk.Manifest!.Image! with { Digest = "sha256:" + new string('0', 64) };
        await using var host = LocalMachine();
        var settings = TestDocker.Apply(new DeploySettings());
        settings.RegistryPassword = "wrong-" + TestDocker.Password;

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => ImagePull.OnHostAsync(host, image, settings, CancellationToken.None))!;

        Assert.That(error.Message, Does.Contain($"Host {LocalTarget.HostName}").And.Contain(image.Reference));
        Assert.That(error.Message, Does.Not.Contain(settings.RegistryPassword));
    }

    [Test]
    public void Bad_image_settings_are_refused_before_anything_is_built()
    {
        var (exit, console) = InProcessRecipe.Run(RepositoryCopy.Path,
            "--target=Package", "--exclusive", "--artifact=image", "--restart-policy=sometimes", "--artifacts=artifacts/image-refused");

        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(console.All, Does.Contain("'registry' is empty").And.Contain("'restart-policy' is 'sometimes'"));
        Assert.That(Directory.Exists(Path.Combine(RepositoryCopy.Path, "artifacts", "image-refused")), Is.False);
    }

    [Test]
    public void The_benchmark_pull_measure_removes_the_image_and_pulls_it_again()
    {
        var seconds = ImagePackaging.PullSeconds(dockerfile.Manifest!.Image!);

        TestContext.Progress.WriteLine($"docker pull by digest of the Dockerfile-built image (base layers present): {seconds:0.0} s");
        Assert.That(TestDocker.Docker("image", "inspect", "--format", "{{.Id}}", dockerfile.Manifest!.Image!.Reference), Does.StartWith("sha256:"));
    }

    private static LocalHost LocalMachine()
    {
        var state = Path.Combine(TestDocker.RunFolder, "local-host");
        return new LocalHost(new LocalEdge(new DeployPaths(state, "images"), 1, _ => { }), null, Path.Combine(state, "data"), new Uri("http://127.0.0.1:1/"));
    }

    private static string[] TemporaryConfigs() =>
        Directory.GetDirectories(Path.GetTempPath(), "deploy-recipes-docker-config.*");

    /// <summary>Runs the image on the host network on a free port and asks its /version; the container is removed after.</summary>
    private static async Task<string> ServedVersion(ContainerImage image)
    {
        var port = FreePort.Next();
        var container = TestDocker.Docker("run", "--detach", "--rm", "--network", "host", "--env", $"ASPNETCORE_URLS=http://127.0.0.1:{port}", image.Reference);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var body = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/version"));
                    return body.RootElement.GetProperty("version").GetString()!;
                }
                catch (HttpRequestException) when (attempt < 300)
                {
                    await Task.Delay(200);
                }
            }
        }
        finally
        {
            TestDocker.DockerRun(null, "rm", "--force", container);
        }
    }
}
