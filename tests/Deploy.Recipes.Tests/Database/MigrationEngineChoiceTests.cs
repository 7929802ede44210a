using Deploy.Recipes.Database;
using Deploy.Recipes.Hosting;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database;

public sealed class MigrationEngineChoiceTests
{
    private const string Folder = "/releases/r1/app";

    [Test]
    public void Auto_picks_EF_Core_for_a_release_that_carries_only_EF_Core() =>
        Assert.That(MigrationEngineChoice.Choose(MigrationEngine.Auto, hasFluentMigrator: false, hasEfCore: true, Folder), Is.EqualTo(MigrationEngine.EfCore));

    [Test]
    public void Auto_picks_FluentMigrator_for_a_release_that_carries_only_FluentMigrator() =>
        Assert.That(MigrationEngineChoice.Choose(MigrationEngine.Auto, hasFluentMigrator: true, hasEfCore: false, Folder), Is.EqualTo(MigrationEngine.FluentMigrator));

    [Test]
    public void Auto_keeps_FluentMigrator_for_a_release_with_neither_as_before() =>
        Assert.That(MigrationEngineChoice.Choose(MigrationEngine.Auto, hasFluentMigrator: false, hasEfCore: false, Folder), Is.EqualTo(MigrationEngine.FluentMigrator));

    [Test]
    public void Auto_refuses_a_release_that_carries_both_and_says_which_setting_decides()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => MigrationEngineChoice.Choose(MigrationEngine.Auto, true, true, Folder))!;

        Assert.That(refused.Message, Does.Contain("both FluentMigrator and EF Core").And.Contain("migrations=fluentmigrator or migrations=efcore").And.Contain(Folder));
    }

    [Test]
    public void Naming_an_engine_the_release_does_not_carry_is_refused_and_names_the_one_it_does()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => MigrationEngineChoice.Choose(MigrationEngine.EfCore, true, false, Folder))!;

        Assert.That(refused.Message, Does.Contain("'migrations' is efcore").And.Contain(MigrationEngineChoice.EfCoreAssembly).And.Contain("set migrations=fluentmigrator"));
    }

    [Test]
    public void Naming_an_engine_the_release_carries_picks_it_even_when_it_carries_both() =>
        Assert.That(MigrationEngineChoice.Choose(MigrationEngine.FluentMigrator, true, true, Folder), Is.EqualTo(MigrationEngine.FluentMigrator));
}
