using System.Globalization;

namespace Deploy.Recipes.Docker;

/// <summary>
/// The argv of each <c>docker</c> command (without the leading <c>docker</c>), built from its settings and nothing else:
/// the same settings always make the same command, here through <see cref="DockerAliases"/> or on a host through
/// <c>ITargetHost.RunAsync</c>. The global options (<c>--host</c>, <c>--config</c>) come before the subcommand, where
/// the CLI reads them; maps (labels, build arguments) are ordered by name.
/// </summary>
public static class DockerArguments
{
    /// <summary><c>build [--file F] [--tag T]... [--build-arg K=V]... [--label K=V]... [--pull] [--quiet] CONTEXT</c>.</summary>
    public static IReadOnlyList<string> Build(DockerBuildSettings settings, string context)
    {
        var argv = Command(settings, "build");
        Option(argv, "--file", settings.File);
        foreach (var tag in settings.Tags)
            argv.AddRange(["--tag", tag]);
        Pairs(argv, "--build-arg", settings.BuildArguments);
        Pairs(argv, "--label", settings.Labels);
        Flag(argv, "--pull", settings.Pull);
        Flag(argv, "--quiet", settings.Quiet);
        argv.Add(Required(context, "the build context"));
        return argv;
    }

    /// <summary><c>tag SOURCE TARGET</c>.</summary>
    public static IReadOnlyList<string> Tag(DockerTagSettings settings, string source, string target)
    {
        var argv = Command(settings, "tag");
        argv.AddRange([Required(source, "the source image"), Required(target, "the target name")]);
        return argv;
    }

    /// <summary><c>push [--quiet] IMAGE</c>.</summary>
    public static IReadOnlyList<string> Push(DockerPushSettings settings, string image)
    {
        var argv = Command(settings, "push");
        Flag(argv, "--quiet", settings.Quiet);
        argv.Add(Required(image, "the image"));
        return argv;
    }

    /// <summary><c>pull [--quiet] IMAGE</c>.</summary>
    public static IReadOnlyList<string> Pull(DockerPullSettings settings, string image)
    {
        var argv = Command(settings, "pull");
        Flag(argv, "--quiet", settings.Quiet);
        argv.Add(Required(image, "the image"));
        return argv;
    }

    /// <summary>
    /// <c>run [--name N] [--detach] [--rm] [--network N] [--restart P] [--label K=V]... [--volume V]... [--env-file F]
    /// [--env NAME]... [--user U] [--entrypoint E] IMAGE [COMMAND...]</c>.
    /// </summary>
    public static IReadOnlyList<string> Run(DockerRunSettings settings, string image, params string[] command)
    {
        var argv = Command(settings, "run");
        Option(argv, "--name", settings.Name);
        Flag(argv, "--detach", settings.Detach);
        Flag(argv, "--rm", settings.Remove);
        Option(argv, "--network", settings.Network);
        Option(argv, "--restart", settings.Restart);
        Pairs(argv, "--label", settings.Labels);
        foreach (var volume in settings.Volumes)
            argv.AddRange(["--volume", volume]);
        Option(argv, "--env-file", settings.EnvFile);
        foreach (var name in settings.EnvironmentNames)
        {
            // A name only: "--env NAME=VALUE" would put the value on the command line, which is what this class prevents.
            if (name.Contains('='))
                throw new ArgumentException($"Environment variable '{name.Split('=')[0]}' is given with a value: pass values in the env file (EnvFile), names only here.", nameof(settings));
            argv.AddRange(["--env", name]);
        }
        Option(argv, "--user", settings.User);
        Option(argv, "--entrypoint", settings.Entrypoint);
        argv.Add(Required(image, "the image"));
        argv.AddRange(command);
        return argv;
    }

    /// <summary><c>stop [--time N] CONTAINER...</c>.</summary>
    public static IReadOnlyList<string> Stop(DockerStopSettings settings, params string[] containers)
    {
        var argv = Command(settings, "stop");
        if (settings.Time is { } time)
            argv.AddRange(["--time", time.ToString(CultureInfo.InvariantCulture)]);
        return Names(argv, containers, "container");
    }

    /// <summary><c>rm [--force] CONTAINER...</c>.</summary>
    public static IReadOnlyList<string> Rm(DockerRmSettings settings, params string[] containers)
    {
        var argv = Command(settings, "rm");
        Flag(argv, "--force", settings.Force);
        return Names(argv, containers, "container");
    }

    /// <summary><c>inspect [--type T] [--format F] NAME...</c>.</summary>
    public static IReadOnlyList<string> Inspect(DockerInspectSettings settings, params string[] names)
    {
        var argv = Command(settings, "inspect");
        Option(argv, "--type", settings.Type);
        Option(argv, "--format", settings.Format);
        return Names(argv, names, "name");
    }

    /// <summary><c>logs [--tail N] [--timestamps] CONTAINER</c>.</summary>
    public static IReadOnlyList<string> Logs(DockerLogsSettings settings, string container)
    {
        var argv = Command(settings, "logs");
        if (settings.Tail is { } tail)
            argv.AddRange(["--tail", tail.ToString(CultureInfo.InvariantCulture)]);
        Flag(argv, "--timestamps", settings.Timestamps);
        argv.Add(Required(container, "the container"));
        return argv;
    }

    /// <summary><c>image prune --force [--all] [--filter F]...</c> (never the interactive prompt).</summary>
    public static IReadOnlyList<string> ImagePrune(DockerImagePruneSettings settings)
    {
        var argv = Command(settings, "image", "prune", "--force");
        Flag(argv, "--all", settings.All);
        foreach (var filter in settings.Filters)
            argv.AddRange(["--filter", filter]);
        return argv;
    }

    /// <summary><c>login --username U --password-stdin [SERVER]</c>: the password is always read from standard input.</summary>
    public static IReadOnlyList<string> Login(DockerLoginSettings settings)
    {
        var argv = Command(settings, "login");
        argv.AddRange(["--username", Required(settings.Username, "the user name"), "--password-stdin"]);
        if (!string.IsNullOrEmpty(settings.Server))
            argv.Add(settings.Server);
        return argv;
    }

    /// <summary><c>ps [--all] [--filter F]... [--format F] [--no-trunc]</c>.</summary>
    public static IReadOnlyList<string> Ps(DockerPsSettings settings)
    {
        var argv = Command(settings, "ps");
        Flag(argv, "--all", settings.All);
        foreach (var filter in settings.Filters)
            argv.AddRange(["--filter", filter]);
        Option(argv, "--format", settings.Format);
        Flag(argv, "--no-trunc", settings.NoTrunc);
        return argv;
    }

    /// <summary><c>image ls [--filter F]... [--format F] [--digests] [--no-trunc]</c>.</summary>
    public static IReadOnlyList<string> ImageLs(DockerImageLsSettings settings)
    {
        var argv = Command(settings, "image", "ls");
        foreach (var filter in settings.Filters)
            argv.AddRange(["--filter", filter]);
        Option(argv, "--format", settings.Format);
        Flag(argv, "--digests", settings.Digests);
        Flag(argv, "--no-trunc", settings.NoTrunc);
        return argv;
    }

    /// <summary><c>image rm [--force] IMAGE...</c>.</summary>
    public static IReadOnlyList<string> ImageRm(DockerImageRmSettings settings, params string[] images)
    {
        var argv = Command(settings, "image", "rm");
        Flag(argv, "--force", settings.Force);
        return Names(argv, images, "image");
    }

    private static List<string> Command(DockerSettings settings, params string[] subcommand)
    {
        var argv = new List<string>();
        Option(argv, "--host", settings.Host);
        Option(argv, "--config", settings.Config);
        argv.AddRange(subcommand);
        return argv;
    }

    private static void Option(List<string> argv, string option, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            argv.AddRange([option, value]);
    }

    private static void Flag(List<string> argv, string flag, bool on)
    {
        if (on)
            argv.Add(flag);
    }

    private static void Pairs(List<string> argv, string option, IDictionary<string, string> pairs)
    {
        foreach (var (name, value) in pairs.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            argv.AddRange([option, $"{name}={value}"]);
    }

    private static List<string> Names(List<string> argv, string[] names, string what)
    {
        if (names.Length == 0 || names.Any(string.IsNullOrEmpty))
            throw new ArgumentException($"The docker command needs at least one {what}, and no empty name.");
        argv.AddRange(names);
        return argv;
    }

    private static string Required(string value, string what) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"The docker command needs {what}.") : value;
}
