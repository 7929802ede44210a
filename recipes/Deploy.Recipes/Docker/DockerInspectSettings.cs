namespace Deploy.Recipes.Docker;

/// <summary><c>docker inspect</c>: low-level facts about containers or images.</summary>
public sealed class DockerInspectSettings : DockerSettings
{
    /// <summary>A Go template for the output (<c>--format</c>); empty = JSON.</summary>
    public string? Format { get; set; }

    /// <summary>What the names are (<c>--type</c>: <c>container</c>, <c>image</c>, ...); empty = whatever matches.</summary>
    public string? Type { get; set; }
}
