namespace Deploy.Recipes.Docker;

/// <summary>
/// <c>docker run</c>: a container from an image. There is deliberately no way to give an environment variable's value
/// here: values go in <see cref="EnvFile"/> (e.g. <c>/dev/stdin</c>, the values written on standard input), so secret
/// app settings never appear on a command line.
/// </summary>
public sealed class DockerRunSettings : DockerSettings
{
    /// <summary>The container's name (<c>--name</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Run in the background and print the container id (<c>--detach</c>).</summary>
    public bool Detach { get; set; }

    /// <summary>Remove the container when it exits (<c>--rm</c>).</summary>
    public bool Remove { get; set; }

    /// <summary>The network (<c>--network</c>, e.g. <c>host</c>).</summary>
    public string? Network { get; set; }

    /// <summary>The restart policy (<c>--restart</c>: <c>no</c>, <c>on-failure[:N]</c>, <c>always</c>, <c>unless-stopped</c>).</summary>
    public string? Restart { get; set; }

    /// <summary>Labels (<c>--label NAME=VALUE</c>, ordered by name so the same settings always make the same command).</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>Mounts (<c>--volume SOURCE:TARGET[:OPTIONS]</c>, in this order).</summary>
    public IList<string> Volumes { get; set; } = [];

    /// <summary>A file of <c>NAME=VALUE</c> lines read by the CLI (<c>--env-file</c>); <c>/dev/stdin</c> reads them from standard input.</summary>
    public string? EnvFile { get; set; }

    /// <summary>Variables passed on by name from the CLI's own environment (<c>--env NAME</c>, no value on the command line).</summary>
    public IList<string> EnvironmentNames { get; set; } = [];

    /// <summary>The user the container runs as (<c>--user</c>).</summary>
    public string? User { get; set; }

    /// <summary>The program to run instead of the image's entrypoint (<c>--entrypoint</c>).</summary>
    public string? Entrypoint { get; set; }
}
