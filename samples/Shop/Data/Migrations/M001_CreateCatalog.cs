using FluentMigrator;

namespace Shop.Data.Migrations;

/// <summary>The catalog and its starting products. Money is stored in integer cents so totals add up exactly.</summary>
[Migration(2026112301)]
public sealed class M001_CreateCatalog : Migration
{
    public override void Up()
    {
        Create.Table("products")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("price_cents").AsInt64().NotNullable();

        foreach (var (name, price) in new[]
                 {
                     ("Espresso beans, 1 kg", 2450L), ("Filter coffee, 500 g", 1190L), ("Ceramic mug", 990L),
                     ("Hand grinder", 5900L), ("Pour-over kettle", 4450L), ("Paper filters, 100", 450L),
                 })
            Insert.IntoTable("products").Row(new { name, price_cents = price });
    }

    public override void Down() => Delete.Table("products");
}
