using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Adoption;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Adoption;

public sealed class SchemaMatchTests
{
    private static SchemaSnapshot Schema(params string[] lines) => new(lines);

    [Test]
    public void The_same_schema_matches_whatever_the_order_and_white_space()
    {
        var match = SchemaMatch.Compare(
            Schema("object v_names: CREATE VIEW v_names AS SELECT name\n  FROM products", "column products.id INTEGER not null default none pk 1"),
            Schema("column products.id INTEGER not null default none pk 1", "object v_names: CREATE VIEW v_names AS SELECT name FROM products"));

        Assert.That(match.Matches, Is.True);
        Assert.That(match.Describe(), Is.Empty);
    }

    [Test]
    public void A_column_defined_differently_is_one_difference_naming_what_each_side_has()
    {
        var match = SchemaMatch.Compare(
            Schema("column products.name TEXT null default none pk 0"),
            Schema("column products.name TEXT not null default none pk 0"));

        Assert.That(match.Matches, Is.False);
        Assert.That(match.Describe(), Is.EqualTo(new[]
        {
            "column products.name: the database has 'TEXT null default none pk 0', the migrations create 'TEXT not null default none pk 0'",
        }));
    }

    [Test]
    public void Facts_on_one_side_only_are_named_with_the_side_that_has_them()
    {
        var match = SchemaMatch.Compare(
            Schema("table orders", "table products", "index products (name) unique 0 origin c"),
            Schema("table products", "table customers"));

        Assert.That(match.Describe(), Is.EqualTo(new[]
        {
            "only in the database: index products (name) unique 0 origin c",
            "only in the database: table orders",
            "missing from the database: table customers",
        }));
    }

    [Test]
    public void Differences_beyond_those_shown_are_counted()
    {
        var many = Enumerable.Range(0, SchemaMatch.Shown + 7).Select(i => $"table t{i:00}").ToArray();

        var described = SchemaMatch.Compare(Schema(many), Schema()).Describe();

        Assert.That(described, Has.Count.EqualTo(SchemaMatch.Shown + 1));
        Assert.That(described[^1], Is.EqualTo("... and 7 more difference(s)"));
    }
}
