using System.Diagnostics;
using Cake.Common.Diagnostics;
using Cake.Common.Tools.DotNet;
using Cake.Common.Tools.DotNet.Publish;
using Deploy.Recipes.Docker;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Containers;

/// <summary>
/// Package's second half with <c>artifact=image</c>: the app as an OCI image, pushed to <c>registry</c> under the
/// release's version, then addressed by the digest the registry reports. Two builders: the .NET SDK's own container
/// support (default: no Dockerfile, no Docker daemon) or the repository's Dockerfile through the Docker CLI (setting
/// <c>dockerfile</c>), which copies the already published folder. Credentials reach the SDK in its environment and
/// <c>docker login</c> on standard input, with a private temporary client configuration removed afterwards.
/// </summary>
public sealed class ImageBuild(DeployContext context)
{
    /// <summary>How long the last <see cref="BuildAndPush"/> took to build and push (without resolving the digest).</summary>
    public TimeSpan BuildAndPushTime { get; private set; }

    /// <summary>The image name for <paramref name="app"/>: <c>image-name</c>, else the app's name in lower case; checked.</summary>
    public static string ImageName(DeploySettings settings, string app)
    {
        var name = settings.ImageName.Length > 0 ? settings.ImageName : app.ToLowerInvariant();
        return ImageSettingsCheck.ImageNameProblem(name, settings.ImageName.Length > 0 ? "image-name" : "image-name (default: the app's name in lower case)") is { } problem
            ? throw new RecipeUsageException(problem)
            : name;
    }

    /// <summary>
    /// Builds and pushes the image of <paramref name="project"/> at <paramref name="version"/>; the Dockerfile builder
    /// copies <paramref name="publishedFolder"/> (inside the repository, the build context). Returns the pushed image
    /// with its digest. Safe to re-run: the tag is pushed again and the digest resolved anew.
    /// </summary>
    public ContainerImage BuildAndPush(string project, string version, string publishedFolder)
    {
        var settings = context.Settings;
        var registry = RegistryAddress.Parse(settings.Registry);
        var name = ImageName(settings, Path.GetFileNameWithoutExtension(project));
        var repository = registry.RepositoryOf(name);
        if (!IsTag(version))
            throw new RecipeUsageException($"App version '{version}' cannot be an image tag: it must start with a letter, a digit or '_' (setting app-version).");

        var watch = Stopwatch.StartNew();
        try
        {
            if (settings.Dockerfile.Length > 0)
                DockerfileBuild(repository, version, publishedFolder);
            else
                SdkBuild(project, registry, registry.PathOf(name), version);
        }
        catch (Exception e) when (e is not RecipeUsageException)
        {
            throw new InvalidOperationException($"The image {repository}:{version} could not be built and pushed: {context.Secrets.Apply(e.Message)}", e);
        }
        BuildAndPushTime = watch.Elapsed;

        var digest = RegistryDigest.ResolveAsync(repository, version, settings.RegistryUser, settings.RegistryPassword, CancellationToken.None)
            .GetAwaiter().GetResult();
        return new ContainerImage(repository, version, digest);
    }

    /// <summary>True for a version Docker accepts as a tag (<c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>).</summary>
    public static bool IsTag(string version) =>
        version.Length is > 0 and <= 128 && (char.IsAsciiLetterOrDigit(version[0]) || version[0] == '_')
        && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private void SdkBuild(string project, RegistryAddress registry, string path, string version)
    {
        var settings = context.Settings;
        var publish = new DotNetPublishSettings
        {
            Configuration = settings.Configuration,
            NoLogo = true,
            MSBuildSettings = new()
            {
                Targets = { "PublishContainer" },
                Properties =
                {
                    ["InformationalVersion"] = [version],
                    ["ContainerRegistry"] = [registry.Host],
                    ["ContainerRepository"] = [path],
                    ["ContainerImageTag"] = [version],
                },
            },
            EnvironmentVariables = SdkEnvironment(settings, registry),
        };
        if (settings.BaseImage.Length > 0)
            publish.MSBuildSettings.Properties["ContainerBaseImage"] = [settings.BaseImage];
        context.DotNetPublish(project, publish);
    }

    /// <summary>
    /// The SDK's environment: the registry credentials (the variables the SDK's container tasks read; never on its
    /// command line) and, for a loopback registry (the push target's, the base image's), plain HTTP.
    /// </summary>
    public static Dictionary<string, string?> SdkEnvironment(DeploySettings settings, RegistryAddress registry)
    {
        var environment = new Dictionary<string, string?>();
        if (settings.RegistryUser.Length > 0)
        {
            environment["DOTNET_CONTAINER_REGISTRY_UNAME"] = settings.RegistryUser;
            environment["DOTNET_CONTAINER_REGISTRY_PWORD"] = settings.RegistryPassword;
        }
        var insecure = new[] { registry }
            .Concat(settings.BaseImage.Contains('/') ? [RegistryAddress.Parse(settings.BaseImage.Split('/')[0])] : [])
            .Where(r => r.IsLoopback)
            .Select(r => r.Host)
            .Concat((Environment.GetEnvironmentVariable("DOTNET_CONTAINER_INSECURE_REGISTRIES") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (insecure.Count > 0)
            environment["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = string.Join(',', insecure);
        return environment;
    }

    private void DockerfileBuild(string repository, string version, string publishedFolder)
    {
        var settings = context.Settings;
        var appDirectory = Path.GetRelativePath(context.Repository, publishedFolder).Replace('\\', '/');
        if (appDirectory.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(appDirectory))
            throw new RecipeUsageException(
                $"Setting 'artifacts' puts the published app outside the repository ({publishedFolder}): the Dockerfile builder's context is the repository, so keep artifacts inside it.");
        var image = $"{repository}:{version}";
        var config = Directory.CreateTempSubdirectory("deploy-recipes-docker-config-").FullName;
        try
        {
            var host = settings.DockerHost.Length > 0 ? settings.DockerHost : null;
            // Logged in first: the base image may come from the same private registry.
            if (settings.RegistryUser.Length > 0)
                context.DockerLogin(new DockerLoginSettings { Host = host, Config = config, Server = RegistryAddress.Parse(settings.Registry).Host, Username = settings.RegistryUser },
                    settings.RegistryPassword);
            var build = new DockerBuildSettings
            {
                Host = host,
                Config = config,
                File = settings.Dockerfile,
                Tags = [image],
                BuildArguments = { ["APP_DIRECTORY"] = appDirectory },
                WorkingDirectory = context.Repository,
            };
            if (settings.BaseImage.Length > 0)
                build.BuildArguments["BASE_IMAGE"] = settings.BaseImage;
            context.Verbose("{0}", context.DockerBuild(build, context.Repository));
            context.Verbose("{0}", context.DockerPush(new DockerPushSettings { Host = host, Config = config }, image));
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }
}
