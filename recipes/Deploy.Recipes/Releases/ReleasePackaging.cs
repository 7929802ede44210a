using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Publish;
using Deploy.Recipes.Containers;
using Deploy.Recipes.Tasks;

namespace Deploy.Recipes.Releases;

/// <summary>
/// Publishes the app into the release artifact folder and writes its <see cref="ReleaseManifest"/>; with
/// <c>artifact=image</c> also builds and pushes the image (<see cref="ImageBuild"/>) and records its digest in the manifest.
/// </summary>
public sealed class ReleasePackaging(DeployContext context)
{
    /// <summary>With <c>artifact=image</c>: how long the last <see cref="Publish"/> took to build and push the image.</summary>
    public TimeSpan? ImageTime { get; private set; }

    /// <summary>The artifact folder: <c>&lt;artifacts&gt;/release/</c>, holding <c>app/</c> and <c>release.json</c>.</summary>
    public static string Folder(DeployContext context) => Path.Combine(context.PathOf(context.Settings.Artifacts), "release");

    /// <summary>
    /// Publishes into a fresh folder, then swaps it in, so a failed publish never leaves a half-written artifact
    /// where a good one was. The folder is published for image releases too (the database steps and "what changed"
    /// read it); the image is built and pushed before the swap, so an artifact names an image only once it is in the
    /// registry. Safe to re-run.
    /// </summary>
    public ReleaseManifest Publish()
    {
        var app = RecipeProjects.App(context);
        var repository = context.Environment.WorkingDirectory.FullPath;
        var version = AppVersion.Resolve(context.Settings.AppVersion, repository);
        var folder = Folder(context);
        var staging = folder + ".new";
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);

        context.DotNetPublish(app, new DotNetPublishSettings
        {
            Configuration = context.Settings.Configuration,
            OutputDirectory = Path.Combine(staging, "app"),
            NoLogo = true,
            MSBuildSettings = new() { Properties = { ["InformationalVersion"] = [version] } },
        });

        var (files, sha256) = ReleaseManifest.Digest(Path.Combine(staging, "app"));
        ContainerImage? image = null;
        if (context.Settings.Artifact == ArtifactKind.Image)
        {
            var build = new ImageBuild(context);
            image = build.BuildAndPush(app, version, Path.Combine(staging, "app"));
            ImageTime = build.BuildAndPushTime;
        }
        var manifest = new ReleaseManifest(
            Path.GetFileNameWithoutExtension(app), version, AppVersion.Commit(repository), DateTimeOffset.UtcNow,
            context.Settings.Configuration, files, sha256, image);
        manifest.Save(Path.Combine(staging, ReleaseManifest.FileName));

        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.Move(staging, folder);
        return manifest;
    }
}
