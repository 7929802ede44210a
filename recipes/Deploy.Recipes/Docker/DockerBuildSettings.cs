namespace Deploy.Recipes.Docker;

/// <summary><c>docker build</c>: an image from a Dockerfile and a build context.</summary>
public sealed class DockerBuildSettings : DockerSettings
{
    /// <summary>The Dockerfile (<c>--file</c>); empty = <c>Dockerfile</c> in the context.</summary>
    public string? File { get; set; }

    /// <summary>The names the image gets (<c>--tag</c>, in this order).</summary>
    public IList<string> Tags { get; set; } = [];

    /// <summary>Build arguments (<c>--build-arg NAME=VALUE</c>, ordered by name). Never secrets: they stay in the image's history.</summary>
    public IDictionary<string, string> BuildArguments { get; set; } = new Dictionary<string, string>();

    /// <summary>Labels on the image (<c>--label NAME=VALUE</c>, ordered by name).</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>Always pull a newer base image (<c>--pull</c>).</summary>
    public bool Pull { get; set; }

    /// <summary>Print only the image id (<c>--quiet</c>).</summary>
    public bool Quiet { get; set; }
}
