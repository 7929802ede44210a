namespace Deploy.Recipes.Docker;

/// <summary><c>docker pull</c>: an image from its registry.</summary>
public sealed class DockerPullSettings : DockerSettings
{
    /// <summary>No progress output (<c>--quiet</c>).</summary>
    public bool Quiet { get; set; }
}
