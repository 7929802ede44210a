using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Adoption;
using Deploy.Recipes.Hosting;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Adoption;

public sealed class BaselineMigrationTests
{
    private static readonly MigrationInfo[] Fluent =
    [
        new(2026112301, "M001_CreateProducts", false, false, 0),
        new(2026112302, "M002_CreateOrders", false, false, 0),
    ];

    private static readonly MigrationInfo[] EfCore =
    [
        new(20250101000000, "CreateNotes", false, false, 0, "20250101000000_CreateNotes"),
        new(20250102000000, "AddNoteTags", false, false, 0, "20250102000000_AddNoteTags"),
    ];

    [TestCase("2026112302")]
    [TestCase("M002_CreateOrders")]
    [TestCase("m002_createorders")]
    public void A_FluentMigrator_migration_is_named_by_its_version_or_class_name(string setting) =>
        Assert.That(BaselineMigration.Resolve(setting, Fluent, "FluentMigrator"), Is.EqualTo(Fluent[1]));

    [TestCase("20250101000000_CreateNotes")]
    [TestCase("20250101000000")]
    [TestCase("CreateNotes")]
    public void An_EF_Core_migration_is_named_by_its_id_its_timestamp_or_its_name(string setting) =>
        Assert.That(BaselineMigration.Resolve(setting, EfCore, "EF Core"), Is.EqualTo(EfCore[0]));

    [Test]
    public void An_unknown_migration_is_refused_listing_the_valid_ones()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => BaselineMigration.Resolve("20250109000000_Nope", EfCore, "EF Core"))!;

        Assert.That(refused.Message, Does.Contain("'20250109000000_Nope'")
            .And.Contain("Valid: 20250101000000_CreateNotes, 20250102000000_AddNoteTags")
            .And.Contain("Nothing was changed"));
    }

    [Test]
    public void A_missing_baseline_is_refused_saying_how_to_name_one()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => BaselineMigration.Resolve("", Fluent, "FluentMigrator"))!;

        Assert.That(refused.Message, Does.Contain("--baseline=<migration>").And.Contain("2026112301 (M001_CreateProducts), 2026112302 (M002_CreateOrders)"));
    }
}
