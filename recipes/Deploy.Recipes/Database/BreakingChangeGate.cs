namespace Deploy.Recipes.Database;

/// <summary>
/// Expand/contract: a breaking (contract) migration removes or changes what older releases use, and during a
/// blue-green switch the old release keeps running on the new schema. So it runs only when asked for
/// (<c>--allow-breaking</c>) and only when every running release already includes the expand step it names.
/// </summary>
public static class BreakingChangeGate
{
    /// <summary>Throws naming the migration and the release that blocks it; returns the breaking migrations allowed.</summary>
    /// <param name="pending">The migrations about to run.</param>
    /// <param name="allowBreaking">The <c>allow-breaking</c> setting.</param>
    /// <param name="running">Releases running now (live and warm), with the schema version each was built for.</param>
    public static IReadOnlyList<MigrationInfo> Check(IReadOnlyList<MigrationInfo> pending, bool allowBreaking, IReadOnlyList<(string Release, long SchemaVersion)> running)
    {
        var breaking = pending.Where(m => m.Breaking).ToList();
        if (breaking.Count == 0)
            return breaking;
        if (!allowBreaking)
            throw new RehearsalFailedException(
                $"Migration {breaking[0]} is a breaking (contract) change. It is refused unless --allow-breaking is given, and then only once no running release still needs the old shape.");
        foreach (var migration in breaking)
        {
            var blocking = running.FirstOrDefault(r => r.SchemaVersion < migration.NeedsReleasesFrom);
            if (blocking.Release != null)
                throw new RehearsalFailedException(
                    $"Migration {migration} is breaking and release {blocking.Release} (schema {blocking.SchemaVersion}) still runs and needs the old shape: " +
                    $"release a version that includes migration {migration.NeedsReleasesFrom} first, let the old one stop, then run this one.");
        }

        return breaking;
    }
}
