using Deploy.Recipes.Database;
using Deploy.Recipes.Releases;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

public sealed class MigrationClearanceTests
{
    private static readonly MigrationInfo Loyalty = new(2026112304, "M004_AddLoyaltyPoints", false, false, 0);
    private static readonly MigrationInfo DropOldColumn = new(2026112305, "M005_DropOldColumn", false, true, 2026112304);
    private static readonly ReleaseManifest Release = new("Shop", "2.0.0", null, DateTimeOffset.UnixEpoch, "Release", 10, "ab12cd34ef56aa");

    private static ValidationRecord Validated(string digest = "ab12cd34ef56aa", long from = 2026112303, params long[] migrations) =>
        new("Shop", "2.0.0", digest, from, 2026112304, migrations.Length > 0 ? migrations : [2026112304], DateTimeOffset.UnixEpoch);

    [Test]
    public void Migrations_validated_for_this_release_from_this_schema_version_are_cleared()
    {
        var cleared = MigrationClearance.Check(Validated(), Release, 2026112303, [Loyalty], force: false, allowBreaking: false, []);

        Assert.That(cleared.Validated, Is.True);
    }

    [Test]
    public void A_release_never_validated_is_refused()
    {
        var refused = Assert.Throws<MigrationRefusedException>(() => MigrationClearance.Check(null, Release, 2026112303, [Loyalty], false, false, []));

        Assert.That(refused!.Message, Does.Contain("release 2.0.0 was never validated").And.Contain("--target=Validate").And.Contain("--force"));
    }

    [Test]
    public void A_validation_of_another_artifact_does_not_count()
    {
        var refused = Assert.Throws<MigrationRefusedException>(() =>
            MigrationClearance.Check(Validated(digest: "ffff00001111"), Release, 2026112303, [Loyalty], false, false, []));

        Assert.That(refused!.Message, Does.Contain("not of this artifact"));
    }

    [Test]
    public void A_validation_from_another_schema_version_does_not_count()
    {
        var refused = Assert.Throws<MigrationRefusedException>(() =>
            MigrationClearance.Check(Validated(from: 2026112302), Release, 2026112303, [Loyalty], false, false, []));

        Assert.That(refused!.Message, Does.Contain("validated from schema version 2026112302, but the database is at 2026112303"));
    }

    [Test]
    public void Force_lets_an_unvalidated_migration_through_and_says_so()
    {
        var cleared = MigrationClearance.Check(null, Release, 2026112303, [Loyalty], force: true, allowBreaking: false, []);

        Assert.That(cleared.Validated, Is.False);
        Assert.That(cleared.Description, Does.Contain("NOT validated").And.Contain("--force"));
    }

    [Test]
    public void The_breaking_change_gate_holds_in_Migrate_even_when_validated_and_forced()
    {
        var record = Validated(migrations: [2026112305]);

        Assert.Throws<RehearsalFailedException>(() => MigrationClearance.Check(record, Release, 2026112304, [DropOldColumn], force: true, allowBreaking: false, []));
        var blocked = Assert.Throws<RehearsalFailedException>(() =>
            MigrationClearance.Check(record, Release, 2026112304, [DropOldColumn], force: true, allowBreaking: true, [("1.0.0-abc", 2026112303)]));
        Assert.That(blocked!.Message, Does.Contain("release 1.0.0-abc (schema 2026112303) still runs"));
    }
}
