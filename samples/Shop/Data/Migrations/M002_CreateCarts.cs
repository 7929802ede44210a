using FluentMigrator;

namespace Shop.Data.Migrations;

/// <summary>Carts and their items.</summary>
[Migration(2026112302)]
public sealed class M002_CreateCarts : Migration
{
    public override void Up()
    {
        Create.Table("carts")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("status").AsString(16).NotNullable().WithDefaultValue("open")
            .WithColumn("created_at").AsString(40).NotNullable();

        Create.Table("cart_items")
            .WithColumn("cart_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("fk_cart_items_carts", "carts", "id")
            .WithColumn("product_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("fk_cart_items_products", "products", "id")
            .WithColumn("quantity").AsInt32().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("cart_items");
        Delete.Table("carts");
    }
}
