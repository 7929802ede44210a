namespace Deploy.Recipes.Docker;

/// <summary><c>docker ps</c>: containers.</summary>
public sealed class DockerPsSettings : DockerSettings
{
    /// <summary>Stopped ones too (<c>--all</c>).</summary>
    public bool All { get; set; }

    /// <summary>Filters (<c>--filter</c>, e.g. <c>label=deploy-recipes.environment=production</c>, in this order).</summary>
    public IList<string> Filters { get; set; } = [];

    /// <summary>A Go template for each line (<c>--format</c>).</summary>
    public string? Format { get; set; }

    /// <summary>Full ids and commands (<c>--no-trunc</c>).</summary>
    public bool NoTrunc { get; set; }
}
