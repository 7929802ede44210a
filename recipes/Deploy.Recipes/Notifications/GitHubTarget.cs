namespace Deploy.Recipes.Notifications;

/// <summary>The repository GitHub deployments are created in, and how to reach its API.</summary>
/// <param name="Owner">The repository's owner (user or organisation).</param>
/// <param name="Name">The repository's name.</param>
/// <param name="ApiUrl">The API's base URL (GitHub Enterprise Server), or null for github.com's.</param>
/// <param name="Token">The token (a secret).</param>
public sealed record GitHubTarget(string Owner, string Name, Uri? ApiUrl, string Token)
{
    /// <inheritdoc />
    public override string ToString() => $"{Owner}/{Name}";
}
