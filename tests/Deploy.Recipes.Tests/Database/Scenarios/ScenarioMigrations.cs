using FluentMigrator;

// Migration scenarios for the database tests. Each namespace is one release's migrations: versions 1-2 build a small
// shop with production-like data (a cart holding product 3), version 3 is the change under test. The recipe loads
// them by namespace from this assembly, the way it loads an app's migrations from a release.
namespace Deploy.Recipes.Tests.Database.Scenarios
{
    /// <summary>Matched by name by the recipe, as an app would declare it.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class ForwardOnlyAttribute : Attribute;

    /// <summary>Matched by name by the recipe, as an app would declare it.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class BreakingChangeAttribute(long expandVersion) : Attribute
    {
        public long ExpandVersion { get; } = expandVersion;
    }

    public abstract class CreateShop : Migration
    {
        public override void Up()
        {
            Create.Table("products").WithColumn("id").AsInt64().PrimaryKey().WithColumn("name").AsString(100).NotNullable();
            Create.Table("cart_items")
                .WithColumn("id").AsInt64().PrimaryKey().Identity()
                .WithColumn("product_id").AsInt64().NotNullable().ForeignKey("fk_cart_items_products", "products", "id");
        }

        public override void Down()
        {
            Delete.Table("cart_items");
            Delete.Table("products");
        }
    }

    public abstract class SeedShop : Migration
    {
        public override void Up()
        {
            foreach (var id in new[] { 1L, 2L, 3L })
                Insert.IntoTable("products").Row(new { id, name = $"product {id}" });
            Insert.IntoTable("cart_items").Row(new { product_id = 3L });
        }

        public override void Down()
        {
            Delete.FromTable("cart_items").AllRows();
            Delete.FromTable("products").AllRows();
        }
    }

    public abstract class AddLoyaltyPoints : Migration
    {
        public override void Up() => Alter.Table("products").AddColumn("loyalty_points").AsInt32().Nullable();

        public override void Down() => Delete.Column("loyalty_points").FromTable("products");
    }
}

namespace Deploy.Recipes.Tests.Database.Scenarios.Reversible
{
    [Migration(1)] public sealed class M1 : CreateShop;
    [Migration(2)] public sealed class M2 : SeedShop;
    [Migration(3)] public sealed class M3AddLoyaltyPoints : AddLoyaltyPoints;
}

namespace Deploy.Recipes.Tests.Database.Scenarios.ForeignKey
{
    [Migration(1)] public sealed class M1 : CreateShop;
    [Migration(2)] public sealed class M2 : SeedShop;

    /// <summary>Removes a discontinued product that a customer's cart still holds: fine on an empty database, a foreign key violation on real data.</summary>
    [Migration(3)]
    public sealed class M3DiscontinueProduct : Migration
    {
        public override void Up() => Execute.Sql("DELETE FROM products WHERE id = 3");

        public override void Down() => Execute.Sql("INSERT INTO products (id, name) VALUES (3, 'product 3')");
    }
}

namespace Deploy.Recipes.Tests.Database.Scenarios.FailingDown
{
    [Migration(1)] public sealed class M1 : CreateShop;
    [Migration(2)] public sealed class M2 : SeedShop;

    [Migration(3)]
    public sealed class M3AddColumnWithBrokenDown : Migration
    {
        public override void Up() => Alter.Table("products").AddColumn("sku").AsString(20).Nullable();

        public override void Down() => Execute.Sql("ALTER TABLE no_such_table DROP COLUMN sku");
    }
}

namespace Deploy.Recipes.Tests.Database.Scenarios.LeakyDown
{
    [Migration(1)] public sealed class M1 : CreateShop;
    [Migration(2)] public sealed class M2 : SeedShop;

    /// <summary>Its Down forgets the index its Up created.</summary>
    [Migration(3)]
    public sealed class M3IndexThatStays : Migration
    {
        public override void Up() => Create.Index("ix_products_name").OnTable("products").OnColumn("name");

        public override void Down()
        {
        }
    }
}

namespace Deploy.Recipes.Tests.Database.Scenarios.ForwardOnly
{
    [Migration(1)] public sealed class M1 : CreateShop;
    [Migration(2)] public sealed class M2 : SeedShop;

    [Migration(3)]
    [ForwardOnly]
    public sealed class M3BackfillNames : Migration
    {
        public override void Up() => Execute.Sql("UPDATE products SET name = upper(name)");

        public override void Down() => throw new NotSupportedException("names cannot be un-uppercased");
    }
}

namespace Deploy.Recipes.Tests.Database.Scenarios.Breaking
{
    [Migration(1)] public sealed class M1 : CreateShop;
    [Migration(2)] public sealed class M2 : SeedShop;

    /// <summary>Contract step: drops the column releases before version 2 still read.</summary>
    [Migration(3)]
    [BreakingChange(2)]
    public sealed class M3DropProductNames : Migration
    {
        public override void Up() => Delete.Column("name").FromTable("products");

        public override void Down() => Alter.Table("products").AddColumn("name").AsString(100).Nullable();
    }
}

namespace Deploy.Recipes.Tests.Database.Scenarios.DeletingDown
{
    [Migration(1)] public sealed class M1 : CreateShop;
    [Migration(2)] public sealed class M2 : SeedShop;

    /// <summary>Lets customers create bundles (products named "bundle ..."); its Down removes them, dropping no column.</summary>
    [Migration(3)]
    public sealed class M3ProductBundles : Migration
    {
        public override void Up() => Execute.Sql("UPDATE products SET name = name");

        public override void Down() => Execute.Sql("DELETE FROM products WHERE name LIKE 'bundle%'");
    }
}

namespace Deploy.Recipes.Tests.Database.Scenarios.NarrowingDown
{
    [Migration(1)] public sealed class M1 : CreateShop;
    [Migration(2)] public sealed class M2 : SeedShop;

    [Migration(3)]
    public sealed class M3AddPrices : Migration
    {
        public override void Up() => Alter.Table("products").AddColumn("price").AsDecimal(10, 2).Nullable();

        public override void Down() => Delete.Column("price").FromTable("products");
    }

    /// <summary>Prices to four decimals; its Down narrows them back to two, rounding what the newer release wrote.</summary>
    [Migration(4)]
    public sealed class M4PricesToFourDecimals : Migration
    {
        public override void Up()
        {
            IfDatabase("PostgreSQL").Alter.Column("price").OnTable("products").AsDecimal(12, 4).Nullable();
            IfDatabase("SQLite").Execute.Sql("UPDATE products SET price = price");
        }

        public override void Down()
        {
            IfDatabase("PostgreSQL").Execute.Sql("ALTER TABLE products ALTER COLUMN price TYPE numeric(10,2)");
            IfDatabase("SQLite").Execute.Sql("UPDATE products SET price = round(price, 2)");
        }
    }
}
