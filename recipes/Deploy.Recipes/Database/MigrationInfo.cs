namespace Deploy.Recipes.Database;

/// <summary>One migration of a release, with the recipe's markers.</summary>
/// <param name="Version">
/// The migration's version: FluentMigrator's <c>[Migration]</c> number, or the timestamp that starts an EF Core
/// migration id (<c>20250101120000_AddNotes</c> has version 20250101120000). Validation and history records keep it.
/// </param>
/// <param name="Name">The migration's class name.</param>
/// <param name="ForwardOnly">
/// Marked <c>[ForwardOnly]</c>: it has no working Down by design, so validation does not demand one, and a release
/// carrying it gets no automatic database rollback.
/// </param>
/// <param name="Breaking">
/// Marked <c>[BreakingChange(expandVersion)]</c>: a contract step that removes or changes what older releases use. It is
/// refused without <c>--allow-breaking</c>, and also refused while the live release was built before
/// <paramref name="NeedsReleasesFrom"/> (it still needs the old shape).
/// </param>
/// <param name="NeedsReleasesFrom">For a breaking migration: the expand migration's version every running release must already include.</param>
/// <param name="Id">The engine's own name for it when that is more than the version: the full EF Core migration id; null for FluentMigrator.</param>
public sealed record MigrationInfo(long Version, string Name, bool ForwardOnly, bool Breaking, long NeedsReleasesFrom, string? Id = null)
{
    /// <summary>How the migration shows in messages.</summary>
    public override string ToString() => Id ?? $"{Version} {Name}";
}
