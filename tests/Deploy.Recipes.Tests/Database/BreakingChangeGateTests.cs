using Deploy.Recipes.Database;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

public sealed class BreakingChangeGateTests
{
    private static readonly MigrationInfo Expand = new(4, "M004_AddLoyaltyPoints", false, false, 0);
    private static readonly MigrationInfo Contract = new(5, "M005_DropLegacyPoints", false, true, 4);

    [Test]
    public void A_breaking_migration_is_refused_without_allow_breaking()
    {
        var refused = Assert.Throws<RehearsalFailedException>(() => BreakingChangeGate.Check([Expand, Contract], allowBreaking: false, []));

        Assert.That(refused!.Message, Does.Contain("Migration 5 M005_DropLegacyPoints is a breaking (contract) change").And.Contain("--allow-breaking"));
    }

    [Test]
    public void A_breaking_migration_is_refused_while_a_running_release_predates_its_expand_step()
    {
        var refused = Assert.Throws<RehearsalFailedException>(() =>
            BreakingChangeGate.Check([Contract], allowBreaking: true, [("2.0.0-aaaa", 4), ("1.0.0-bbbb", 3)]));

        Assert.That(refused!.Message, Does.Contain("release 1.0.0-bbbb (schema 3) still runs and needs the old shape"));
    }

    [Test]
    public void A_breaking_migration_runs_with_allow_breaking_once_every_running_release_has_the_expand_step()
    {
        var allowed = BreakingChangeGate.Check([Contract], allowBreaking: true, [("2.0.0-aaaa", 4)]);

        Assert.That(allowed, Is.EqualTo(new[] { Contract }));
    }

    [Test]
    public void Expand_only_migrations_need_no_permission()
    {
        Assert.That(BreakingChangeGate.Check([Expand], allowBreaking: false, [("1.0.0-bbbb", 3)]), Is.Empty);
    }
}
