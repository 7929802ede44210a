namespace Deploy.Recipes.Database;

/// <summary>What a rehearsal proved: the migrations it ran and which of them cannot be undone automatically.</summary>
/// <param name="Applied">The pending migrations, applied to the clone in order.</param>
/// <param name="ForwardOnly">Those marked forward-only: the release gets no automatic database rollback.</param>
/// <param name="Steps">One line per step, for the audit.</param>
public sealed record RehearsalResult(IReadOnlyList<MigrationInfo> Applied, IReadOnlyList<MigrationInfo> ForwardOnly, IReadOnlyList<string> Steps)
{
    /// <summary>True when every applied migration proved it can be reversed.</summary>
    public bool Reversible => ForwardOnly.Count == 0;
}

/// <summary>A migration that failed its rehearsal; production was not touched.</summary>
public sealed class RehearsalFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Rehearses a release's pending migrations on a staging clone before production sees them: each migration goes
/// up, down and up again, and the schema is compared after each step. Down must bring back exactly the schema before
/// the migration, and the second Up exactly the schema after the first (so Up does not depend on leftovers). A
/// migration marked forward-only is applied once and reported instead of reversed.
/// </summary>
public sealed class MigrationRehearsal(IDatabaseEngine engine, string provider)
{
    /// <summary>Rehearses the pending migrations of <paramref name="release"/> on the clone at <paramref name="cloneConnection"/>.</summary>
    public RehearsalResult Rehearse(IReleaseMigrations release, string cloneConnection)
    {
        using var migrator = release.MigratorFor(provider, cloneConnection);
        var pending = migrator.Pending();
        var steps = new List<string>();
        var forwardOnly = new List<MigrationInfo>();
        foreach (var migration in pending)
        {
            var previous = migrator.CurrentVersion;
            var before = engine.Snapshot(cloneConnection);
            Step(() => migrator.UpTo(migration.Version), migration, "up");
            var after = engine.Snapshot(cloneConnection);
            if (migration.ForwardOnly)
            {
                forwardOnly.Add(migration);
                steps.Add($"{migration}: up (forward-only: not reversed)");
                continue;
            }

            Step(() => migrator.DownTo(previous), migration, "down");
            var restored = engine.Snapshot(cloneConnection);
            var downDiff = before.Diff(restored);
            if (downDiff.Count > 0)
                throw new RehearsalFailedException(
                    $"Migration {migration} does not reverse: after its Down the schema differs from before its Up ({Describe(downDiff)}). Fix its Down, or mark it [ForwardOnly].");

            Step(() => migrator.UpTo(migration.Version), migration, "up again");
            var again = engine.Snapshot(cloneConnection);
            var upDiff = after.Diff(again);
            if (upDiff.Count > 0)
                throw new RehearsalFailedException(
                    $"Migration {migration} gives a different schema when applied again after its Down ({Describe(upDiff)}).");
            steps.Add($"{migration}: up, down, up; schema identical each way");
        }

        return new RehearsalResult(pending, forwardOnly, steps);
    }

    private static void Step(Action action, MigrationInfo migration, string direction)
    {
        try
        {
            action();
        }
        catch (MigrationFailedException failed)
        {
            throw new RehearsalFailedException(
                $"Migration {migration} failed {direction} on the staging clone, so production was not touched: {failed.Message}", failed);
        }
    }

    private static string Describe(IReadOnlyList<string> diff) =>
        string.Join("; ", diff.Take(6)) + (diff.Count > 6 ? $"; and {diff.Count - 6} more" : "");
}
