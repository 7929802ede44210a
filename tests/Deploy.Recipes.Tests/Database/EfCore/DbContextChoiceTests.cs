using Deploy.Recipes.Database.EfCore;
using Deploy.Recipes.Hosting;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.EfCore;

public sealed class DbContextChoiceTests
{
    private static readonly DbContextCandidate[] App =
    [
        new("Notes.Data.NotesContext", 3),
        new("Notes.Identity.IdentityContext", 0),
    ];

    [Test]
    public void The_only_context_with_migrations_is_chosen_when_none_is_named() =>
        Assert.That(DbContextChoice.Choose(App, "", "Notes.dll"), Is.EqualTo("Notes.Data.NotesContext"));

    [TestCase("NotesContext")]
    [TestCase("notescontext")]
    [TestCase("Notes.Data.NotesContext")]
    public void A_named_context_is_found_by_class_or_full_name(string named) =>
        Assert.That(DbContextChoice.Choose(App, named, "Notes.dll"), Is.EqualTo("Notes.Data.NotesContext"));

    [Test]
    public void A_name_that_matches_no_context_is_refused_listing_the_contexts()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => DbContextChoice.Choose(App, "ShopContext", "Notes.dll"))!;

        Assert.That(refused.Message, Does.Contain("'ShopContext'").And.Contain("Notes.Data.NotesContext (3 migration(s))").And.Contain("Notes.Identity.IdentityContext (0 migration(s))"));
    }

    [Test]
    public void A_class_name_shared_by_two_contexts_asks_for_the_full_name()
    {
        DbContextCandidate[] twins = [new("A.AppContext", 1), new("B.AppContext", 1)];

        var refused = Assert.Throws<RecipeUsageException>(() => DbContextChoice.Choose(twins, "AppContext", "App.dll"))!;

        Assert.That(refused.Message, Does.Contain("A.AppContext, B.AppContext").And.Contain("full name"));
    }

    [Test]
    public void An_app_without_EF_Core_migrations_is_refused_saying_how_to_add_one()
    {
        var refused = Assert.Throws<RecipeUsageException>(() => DbContextChoice.Choose([new("Notes.NotesContext", 0)], "", "Notes.dll"))!;

        Assert.That(refused.Message, Does.Contain("no EF Core migrations").And.Contain("dotnet ef migrations add"));
    }
}
