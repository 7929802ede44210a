namespace Deploy.Recipes.Releases;

/// <summary>
/// A release's image in a registry: where it was pushed, the tag it was pushed under, and the digest every stage and
/// environment deploys from then on (a tag can move; a digest cannot).
/// </summary>
/// <param name="Repository">The image's repository with its registry, e.g. <c>127.0.0.1:5000/shop</c>.</param>
/// <param name="Tag">The tag it was pushed under (the release's version).</param>
/// <param name="Digest">The manifest digest the registry gave it: <c>sha256:</c> and 64 hex digits.</param>
public sealed record ContainerImage(string Repository, string Tag, string Digest)
{
    /// <summary>The reference that pulls exactly this image: <c>repository@sha256:...</c>.</summary>
    public string Reference => $"{Repository}@{Digest}";

    /// <summary>The digest's hex digits, without the <c>sha256:</c> prefix.</summary>
    public string DigestHex => Digest.StartsWith("sha256:", StringComparison.Ordinal) ? Digest["sha256:".Length..] : Digest;
}
