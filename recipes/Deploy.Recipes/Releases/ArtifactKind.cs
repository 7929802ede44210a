namespace Deploy.Recipes.Releases;

/// <summary>What Package makes of the app, and what Deploy runs.</summary>
public enum ArtifactKind
{
    /// <summary>A published folder, run by the edge as <c>dotnet App.dll</c> in a slot.</summary>
    Folder,

    /// <summary>
    /// An OCI image pushed to <c>registry</c> and deployed by digest: each host pulls it and runs it as a container, and
    /// the edge only routes to it. The published folder is still made beside it, for the database steps.
    /// </summary>
    Image,
}
