using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Database;

/// <summary>A migration refused before anything ran; the message says why and what to do.</summary>
public sealed class MigrationRefusedException(string message) : Exception(message);

/// <summary>What let Migrate go ahead.</summary>
/// <param name="Validated">True when a validation of this exact release covers the migrations; false when <c>--force</c> overrode its absence.</param>
/// <param name="Description">For the log and the audit.</param>
public sealed record Clearance(bool Validated, string Description);

/// <summary>
/// Whether Migrate may apply a release's pending migrations to an environment's database. Pure: everything it
/// judges is handed in. Migrations run only when Validate rehearsed them for this exact release (same artifact
/// digest) from the schema version the database is at now, unless <c>--force</c>; and the breaking-change gate
/// holds here as in Validate, whatever <c>--force</c> says (it has its own <c>--allow-breaking</c>).
/// </summary>
public static class MigrationClearance
{
    /// <summary>Throws <see cref="MigrationRefusedException"/> or <see cref="RehearsalFailedException"/>; otherwise returns what cleared the migrations.</summary>
    /// <param name="validation">The environment's validation record, or null.</param>
    /// <param name="release">The release about to migrate.</param>
    /// <param name="currentSchemaVersion">The database's schema version now (0 when it does not exist yet).</param>
    /// <param name="pending">The release's migrations not yet applied to the database.</param>
    /// <param name="force">The <c>force</c> setting.</param>
    /// <param name="allowBreaking">The <c>allow-breaking</c> setting.</param>
    /// <param name="running">Releases running now, with the schema version each was built for.</param>
    public static Clearance Check(
        ValidationRecord? validation, ReleaseManifest release, long currentSchemaVersion, IReadOnlyList<MigrationInfo> pending, bool force,
        bool allowBreaking, IReadOnlyList<(string Release, long SchemaVersion)> running)
    {
        BreakingChangeGate.Check(pending, allowBreaking, running);
        var gap = Gap(validation, release, currentSchemaVersion, pending);
        if (gap == null)
            return new Clearance(true, $"validated {validation!.ValidatedUtc:u} from schema {validation.FromSchemaVersion}");
        if (force)
            return new Clearance(false, $"NOT validated ({gap}); applied anyway with --force");
        throw new MigrationRefusedException(
            $"Migrate refuses {string.Join(", ", pending)}: {gap}. Nothing was changed. Run --target=Validate for this release first " +
            "(it rehearses the migrations on the staging clone), or pass --force to migrate without it.");
    }

    private static string? Gap(ValidationRecord? validation, ReleaseManifest release, long currentSchemaVersion, IReadOnlyList<MigrationInfo> pending)
    {
        if (validation == null)
            return $"release {release.Version} was never validated for this environment";
        if (!string.Equals(validation.Digest, release.Sha256, StringComparison.OrdinalIgnoreCase))
            return $"the last validation was of release {validation.Version} ({Short(validation.Digest)}), not of this artifact of {release.Version} ({Short(release.Sha256)})";
        if (validation.FromSchemaVersion != currentSchemaVersion)
            return $"release {release.Version} was validated from schema version {validation.FromSchemaVersion}, but the database is at {currentSchemaVersion} now";
        var unrehearsed = pending.Where(m => !validation.Migrations.Contains(m.Version)).ToList();
        return unrehearsed.Count > 0 ? $"migration(s) {string.Join(", ", unrehearsed)} were not rehearsed" : null;
    }

    private static string Short(string digest) => digest.Length > 12 ? digest[..12] : digest;
}
