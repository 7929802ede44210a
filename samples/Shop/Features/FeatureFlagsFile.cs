using Microsoft.Extensions.Configuration.Json;

namespace Shop.Features;

/// <summary>
/// The feature-flags file the deploy recipe keeps for the environment (its path in <c>DEPLOY_FEATURE_FLAGS</c>), added to
/// the configuration and watched, so a flag changed on the host reaches the running release without a restart.
/// </summary>
public static class FeatureFlagsFile
{
    /// <summary>The environment variable the recipe sets on every release it starts.</summary>
    public const string Variable = "DEPLOY_FEATURE_FLAGS";

    /// <summary>Adds the file when <see cref="Variable"/> names one; the file may not exist yet (no flag set: all off).</summary>
    public static void AddFeatureFlagsFile(this ConfigurationManager configuration)
    {
        if (configuration[Variable] is not { Length: > 0 } path)
            return;
        // The file provider watches the folder, which must exist even before the first flag is written.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        configuration.AddJsonFile(source =>
        {
            source.Path = Path.GetFullPath(path);
            source.Optional = true;
            source.ReloadOnChange = true;
            // The default waits 250 ms after a change before reading; the recipe writes the file whole (renamed into
            // place), so there is no half-written file to wait out, and a kill switch should act at once.
            source.ReloadDelay = 20;
            source.ResolveFileProvider();
        });
    }
}
