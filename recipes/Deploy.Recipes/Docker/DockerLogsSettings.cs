namespace Deploy.Recipes.Docker;

/// <summary><c>docker logs</c>: what a container printed.</summary>
public sealed class DockerLogsSettings : DockerSettings
{
    /// <summary>Only the last lines (<c>--tail N</c>); null = all.</summary>
    public int? Tail { get; set; }

    /// <summary>Prefix each line with its time (<c>--timestamps</c>).</summary>
    public bool Timestamps { get; set; }
}
