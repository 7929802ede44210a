using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Health;

/// <summary>
/// What "healthy" means for the app being released: the ready path it must answer 2xx on before it takes traffic
/// and while it is verified, and the smoke checks it must pass (the ready path alone when none are set).
/// </summary>
/// <param name="ReadyPath">The ready path, starting with '/'.</param>
/// <param name="SmokeChecks">The smoke checks, never empty.</param>
public sealed record ReleaseHealth(string ReadyPath, IReadOnlyList<SmokeCheck> SmokeChecks)
{
    /// <summary>The ready path when the <c>ready-path</c> setting is not given.</summary>
    public const string DefaultReadyPath = "/health/ready";

    /// <summary>The health of the settings; throws <see cref="RecipeUsageException"/> naming a bad value before anything changes.</summary>
    public static ReleaseHealth From(DeploySettings settings) => From(settings.ReadyPath, settings.SmokeChecks);

    /// <summary>The health of a ready path and the smoke checks as written (empty: the ready path alone).</summary>
    public static ReleaseHealth From(string readyPath, IReadOnlyList<string> smokeChecks)
    {
        var path = readyPath.Trim();
        if (!path.StartsWith('/') || path.Any(char.IsWhiteSpace))
            throw new RecipeUsageException(
                $"Setting 'ready-path' is '{readyPath}': use a path the app answers with 2xx when it can take traffic, starting with '/', such as {DefaultReadyPath} or /.");
        var checks = smokeChecks.Count == 0 ? [new SmokeCheck(path, path, null, null)] : smokeChecks.Select(SmokeCheck.Parse).ToList();
        return new ReleaseHealth(path, checks);
    }
}
