using Cake.Core;
using Cake.Core.Annotations;

namespace Deploy.Recipes.Docker;

/// <summary>
/// Cake aliases for the <c>docker</c> CLI on this machine: each builds its argv with <see cref="DockerArguments"/> and
/// runs it through <see cref="DockerRunner"/>; a failure throws quoting Docker's error output. Secrets (a registry
/// password, app settings) only ever travel on standard input.
/// </summary>
[CakeAliasCategory("Docker")]
public static class DockerAliases
{
    /// <summary>Builds an image: <c>docker build ... PATH</c>; returns what the build printed.</summary>
    [CakeMethodAlias]
    public static string DockerBuild(this ICakeContext context, DockerBuildSettings settings, string path) =>
        Docker(context, settings, DockerArguments.Build(settings, path)).Output;

    /// <summary>Gives an image another name: <c>docker tag SOURCE TARGET</c>.</summary>
    [CakeMethodAlias]
    public static void DockerTag(this ICakeContext context, DockerTagSettings settings, string source, string target) =>
        Docker(context, settings, DockerArguments.Tag(settings, source, target));

    /// <summary>Pushes an image: <c>docker push IMAGE</c>; returns what the push printed (its last line names the digest).</summary>
    [CakeMethodAlias]
    public static string DockerPush(this ICakeContext context, DockerPushSettings settings, string image) =>
        Docker(context, settings, DockerArguments.Push(settings, image)).Output;

    /// <summary>Pulls an image: <c>docker pull IMAGE</c>.</summary>
    [CakeMethodAlias]
    public static void DockerPull(this ICakeContext context, DockerPullSettings settings, string image) =>
        Docker(context, settings, DockerArguments.Pull(settings, image));

    /// <summary>
    /// Runs a container: <c>docker run ... IMAGE [COMMAND...]</c>, with <paramref name="standardInput"/> on its standard
    /// input (the env file's lines when <see cref="DockerRunSettings.EnvFile"/> is <c>/dev/stdin</c>); returns its output
    /// (the container id with <see cref="DockerRunSettings.Detach"/>).
    /// </summary>
    [CakeMethodAlias]
    public static string DockerRun(this ICakeContext context, DockerRunSettings settings, string image, string? standardInput, params string[] command) =>
        Docker(context, settings, DockerArguments.Run(settings, image, command), standardInput).Output.Trim();

    /// <summary>Stops containers: <c>docker stop CONTAINER...</c>.</summary>
    [CakeMethodAlias]
    public static void DockerStop(this ICakeContext context, DockerStopSettings settings, params string[] containers) =>
        Docker(context, settings, DockerArguments.Stop(settings, containers));

    /// <summary>Removes containers: <c>docker rm CONTAINER...</c>.</summary>
    [CakeMethodAlias]
    public static void DockerRm(this ICakeContext context, DockerRmSettings settings, params string[] containers) =>
        Docker(context, settings, DockerArguments.Rm(settings, containers));

    /// <summary>Inspects containers or images: <c>docker inspect NAME...</c>; returns its output (JSON, or the format's).</summary>
    [CakeMethodAlias]
    public static string DockerInspect(this ICakeContext context, DockerInspectSettings settings, params string[] names) =>
        Docker(context, settings, DockerArguments.Inspect(settings, names)).Output.Trim();

    /// <summary>What a container printed: <c>docker logs CONTAINER</c> (its standard output, then its standard error).</summary>
    [CakeMethodAlias]
    public static string DockerLogs(this ICakeContext context, DockerLogsSettings settings, string container)
    {
        var logs = Docker(context, settings, DockerArguments.Logs(settings, container));
        return string.Join('\n', new[] { logs.Output, logs.Error }.Where(text => text.Length > 0));
    }

    /// <summary>Removes unused images: <c>docker image prune --force ...</c>; returns what it reclaimed.</summary>
    [CakeMethodAlias]
    public static string DockerImagePrune(this ICakeContext context, DockerImagePruneSettings settings) =>
        Docker(context, settings, DockerArguments.ImagePrune(settings)).Output.Trim();

    /// <summary>Logs in to a registry: <c>docker login --username U --password-stdin SERVER</c>, the password on standard input.</summary>
    [CakeMethodAlias]
    public static void DockerLogin(this ICakeContext context, DockerLoginSettings settings, string password) =>
        Docker(context, settings, DockerArguments.Login(settings), password);

    /// <summary>Lists containers: <c>docker ps ...</c>; returns one line per container.</summary>
    [CakeMethodAlias]
    public static IReadOnlyList<string> DockerPs(this ICakeContext context, DockerPsSettings settings) =>
        Lines(Docker(context, settings, DockerArguments.Ps(settings)).Output);

    /// <summary>Lists images: <c>docker image ls ...</c>; returns one line per image.</summary>
    [CakeMethodAlias]
    public static IReadOnlyList<string> DockerImageLs(this ICakeContext context, DockerImageLsSettings settings) =>
        Lines(Docker(context, settings, DockerArguments.ImageLs(settings)).Output);

    /// <summary>Removes images: <c>docker image rm IMAGE...</c>.</summary>
    [CakeMethodAlias]
    public static void DockerImageRm(this ICakeContext context, DockerImageRmSettings settings, params string[] images) =>
        Docker(context, settings, DockerArguments.ImageRm(settings, images));

    private static DockerOutput Docker(ICakeContext context, DockerSettings settings, IReadOnlyList<string> argv, string? standardInput = null) =>
        new DockerRunner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools).Run(settings, argv, standardInput);

    private static IReadOnlyList<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
