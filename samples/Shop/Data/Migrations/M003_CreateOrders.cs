using FluentMigrator;

namespace Shop.Data.Migrations;

/// <summary>Orders and their lines; a line keeps the name and price the customer paid.</summary>
[Migration(2026112303)]
public sealed class M003_CreateOrders : Migration
{
    public override void Up()
    {
        Create.Table("orders")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("cart_id").AsInt64().NotNullable().Unique("ux_orders_cart_id").ForeignKey("fk_orders_carts", "carts", "id")
            .WithColumn("total_cents").AsInt64().NotNullable()
            .WithColumn("payment_id").AsString(64).NotNullable()
            .WithColumn("created_at").AsString(40).NotNullable();

        Create.Table("order_lines")
            .WithColumn("order_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("fk_order_lines_orders", "orders", "id")
            .WithColumn("product_id").AsInt64().NotNullable().PrimaryKey().ForeignKey("fk_order_lines_products", "products", "id")
            .WithColumn("product_name").AsString(200).NotNullable()
            .WithColumn("unit_price_cents").AsInt64().NotNullable()
            .WithColumn("quantity").AsInt32().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("order_lines");
        Delete.Table("orders");
    }
}
