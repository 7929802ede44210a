namespace Deploy.Recipes.Docker;

/// <summary><c>docker image prune</c>: unused images, always without a confirmation prompt (<c>--force</c>).</summary>
public sealed class DockerImagePruneSettings : DockerSettings
{
    /// <summary>Every unused image, not only dangling ones (<c>--all</c>).</summary>
    public bool All { get; set; }

    /// <summary>Filters (<c>--filter</c>, e.g. <c>label=deploy-recipes.app=shop</c>, in this order).</summary>
    public IList<string> Filters { get; set; } = [];
}
