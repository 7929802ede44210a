namespace Deploy.Recipes.Docker;

/// <summary><c>docker image rm</c>: images.</summary>
public sealed class DockerImageRmSettings : DockerSettings
{
    /// <summary>Remove an image even when other names or stopped containers use it (<c>--force</c>).</summary>
    public bool Force { get; set; }
}
