namespace Deploy.Recipes.Docker;

/// <summary><c>docker rm</c>: containers.</summary>
public sealed class DockerRmSettings : DockerSettings
{
    /// <summary>Remove running containers too (<c>--force</c>).</summary>
    public bool Force { get; set; }
}
