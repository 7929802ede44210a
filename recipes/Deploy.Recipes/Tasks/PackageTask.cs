using Cake.Common.Diagnostics;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// Publishes the tested app once into <c>artifacts/release/</c> with a manifest (version, commit, digest); every later
/// step deploys this same artifact, so what runs in production is exactly what was tested. With <c>artifact=image</c>
/// the app is also pushed as an image to <c>registry</c>, and the manifest names it by digest.
/// </summary>
[TaskName("Package")]
[TaskDescription("Publishes the tested app once, with a manifest, as the artifact every environment deploys.")]
[IsDependentOn(typeof(TestTask))]
public sealed class PackageTask : BuildStepTask
{
    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        var packaging = new ReleasePackaging(context);
        var manifest = packaging.Publish();
        context.Information("Packaged {0} {1} ({2} files, sha256 {3}) into {4}",
            manifest.App, manifest.Version, manifest.Files, manifest.Sha256[..12], ReleasePackaging.Folder(context));
        if (manifest.Image is { } image)
            context.Information("Image {0} (pushed as {1}:{2}, built and pushed in {3:0.0} s): every stage deploys this digest",
                image.Reference, image.Repository, image.Tag, packaging.ImageTime?.TotalSeconds ?? 0);
    }
}
