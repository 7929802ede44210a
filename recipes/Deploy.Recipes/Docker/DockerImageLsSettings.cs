namespace Deploy.Recipes.Docker;

/// <summary><c>docker image ls</c>: images.</summary>
public sealed class DockerImageLsSettings : DockerSettings
{
    /// <summary>Filters (<c>--filter</c>, e.g. <c>reference=127.0.0.1:5000/shop</c>, in this order).</summary>
    public IList<string> Filters { get; set; } = [];

    /// <summary>A Go template for each line (<c>--format</c>).</summary>
    public string? Format { get; set; }

    /// <summary>Show digests (<c>--digests</c>).</summary>
    public bool Digests { get; set; }

    /// <summary>Full ids (<c>--no-trunc</c>).</summary>
    public bool NoTrunc { get; set; }
}
