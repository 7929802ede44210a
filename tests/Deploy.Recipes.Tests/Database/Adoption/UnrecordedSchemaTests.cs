using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Adoption;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Adoption;

public sealed class UnrecordedSchemaTests
{
    private static readonly MigrationInfo[] Migrations =
    [
        new(20250101000000, "CreateNotes", false, false, 0, "20250101000000_CreateNotes"),
    ];

    [Test]
    public void Tables_without_migration_history_are_refused_with_the_baseline_command()
    {
        var refusal = UnrecordedSchema.Refusal(["notes", "users"], hasHistory: false, "EF Core", "__EFMigrationsHistory", Migrations);

        Assert.That(refusal, Does.Contain("tables (notes, users) but no EF Core migration history (no __EFMigrationsHistory table)")
            .And.Contain("./build.sh --target=Baseline --baseline=<migration> (one of: 20250101000000_CreateNotes)")
            .And.Contain("Nothing was changed"));
    }

    [Test]
    public void Many_tables_are_named_up_to_five_then_counted()
    {
        var refusal = UnrecordedSchema.Refusal(["a", "b", "c", "d", "e", "f", "g"], hasHistory: false, "FluentMigrator", "VersionInfo", Migrations);

        Assert.That(refusal, Does.Contain("tables (a, b, c, d, e and 2 more)"));
    }

    [TestCase(true, 1, 1, TestName = "A database with migration history may be migrated")]
    [TestCase(false, 0, 1, TestName = "An empty database may be migrated")]
    [TestCase(false, 1, 0, TestName = "A release without migrations leaves any database alone")]
    public void No_refusal(bool hasHistory, int tables, int migrations) =>
        Assert.That(UnrecordedSchema.Refusal(Enumerable.Repeat("notes", tables).ToList(), hasHistory, "EF Core", "__EFMigrationsHistory", Migrations.Take(migrations).ToList()), Is.Null);
}
