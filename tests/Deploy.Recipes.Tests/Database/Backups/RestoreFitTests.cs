using Deploy.Recipes.Database.Backups;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Backups;

public sealed class RestoreFitTests
{
    [Test]
    public void A_backup_at_the_live_releases_schema_version_fits()
    {
        Assert.That(RestoreFit.Refusal("b.db", 2026112304, 2026112304, "the live release 1.0", force: false), Is.Null);
    }

    [Test]
    public void A_backup_at_another_schema_version_is_refused_naming_both_versions_and_force()
    {
        var refusal = RestoreFit.Refusal("b.db", 2026112303, 2026112304, "the live release 1.0", force: false);

        Assert.That(refusal, Does.Contain("b.db holds schema version 2026112303").And.Contain("the live release 1.0 is at schema version 2026112304")
            .And.Contain("--force").And.Contain("Nothing was changed"));
    }

    [Test]
    public void A_backup_without_migrations_is_refused_under_a_release_that_has_them()
    {
        Assert.That(RestoreFit.Refusal("b.db", null, 2026112304, "the live database", force: false), Does.Contain("none (no migrations table)"));
    }

    [Test]
    public void Force_restores_a_backup_at_another_schema_version()
    {
        Assert.That(RestoreFit.Refusal("b.db", 2026112303, 2026112304, "the live release 1.0", force: true), Is.Null);
    }

    [Test]
    public void With_nothing_live_any_backup_fits()
    {
        Assert.That(RestoreFit.Refusal("b.db", 2026112303, null, "the live database", force: false), Is.Null);
    }
}
