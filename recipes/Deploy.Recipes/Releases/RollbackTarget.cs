using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Releases;

/// <summary>
/// Which release a rollback goes to: the one <c>--to</c> names (by id or version), or the previous good one. A
/// release recorded as failed is refused unless <c>--force</c> is given: it already let customers down once.
/// </summary>
public static class RollbackTarget
{
    /// <summary>The record of the release to roll back to; throws naming what was wrong and what would be valid.</summary>
    /// <param name="records">The environment's history, oldest first, reconciled with what the edge serves.</param>
    /// <param name="environment">The environment's name, for messages.</param>
    /// <param name="liveId">The release the edge serves.</param>
    /// <param name="liveVersion">Its version, for messages.</param>
    /// <param name="to">The <c>to</c> setting: a release id or version, or empty.</param>
    /// <param name="force">The <c>force</c> setting.</param>
    public static ReleaseRecord Choose(IReadOnlyList<ReleaseRecord> records, string environment, string liveId, string liveVersion, string to, bool force)
    {
        if (to.Length == 0)
        {
            return ReleaseHistory.PreviousGoodOf(records, liveId) ?? throw new InvalidOperationException(
                $"There is no earlier good release of '{environment}' to roll back to from {liveVersion}; pass --to=<release> to choose one. Nothing was changed.");
        }

        var wanted = records.LastOrDefault(r => r.Id == to) ?? records.LastOrDefault(r => r.Version == to) ?? throw new RecipeUsageException(
            $"--to={to} names no release of '{environment}'. Known: {string.Join(", ", records.Select(r => $"{r.Version} ({r.Id})").Distinct().TakeLast(10))}. Nothing was changed.");
        if (wanted.Outcome == ReleaseOutcome.Failed && !force)
            throw new RecipeUsageException(
                $"--to={to}: release {wanted.Version} ({wanted.Id}) is recorded 'failed' in '{environment}'{(wanted.Reason == null ? "" : $" ({wanted.Reason})")}. " +
                "Rolling back to it could send customers to a release that already failed; pass --force to roll back to it anyway. Nothing was changed.");
        return wanted;
    }
}
