namespace Deploy.Recipes.Docker;

/// <summary><c>docker stop</c>: containers, after a grace period.</summary>
public sealed class DockerStopSettings : DockerSettings
{
    /// <summary>Seconds to wait for a container to stop before it is killed (<c>--time</c>); null = Docker's default.</summary>
    public int? Time { get; set; }
}
