namespace Deploy.Recipes.Docker;

/// <summary><c>docker push</c>: an image to its registry.</summary>
public sealed class DockerPushSettings : DockerSettings
{
    /// <summary>No progress output (<c>--quiet</c>).</summary>
    public bool Quiet { get; set; }
}
