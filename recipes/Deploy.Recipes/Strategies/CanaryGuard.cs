using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Refuses a task that would move traffic while a canary runs beside the stable release: only Promote and Abort may
/// end it, so a Deploy or Rollback must not silently take one side of the split. Checked before anything changes.
/// </summary>
public static class CanaryGuard
{
    /// <summary>Throws <see cref="RecipeUsageException"/> naming Promote and Abort when a canary is in progress.</summary>
    public static void RefuseWhileRunning(ReleaseHistory history, string task)
    {
        if (history.CanaryInProgress is { Canary: { } progress } canary)
            throw new RecipeUsageException(
                $"{task} refused: release {canary.Version} is a canary in progress ({progress.State} at {progress.Weight}%). " +
                "Run --target=Promote to finish it or --target=Abort to send all traffic back to the stable release; nothing was changed.");
    }
}
