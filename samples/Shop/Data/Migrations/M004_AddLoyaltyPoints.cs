using FluentMigrator;

namespace Shop.Data.Migrations;

/// <summary>
/// Expand step: loyalty points per order. Nullable, so releases that do not know the column keep inserting orders
/// while both run during a blue-green switch.
/// </summary>
[Migration(2026112304)]
public sealed class M004_AddLoyaltyPoints : Migration
{
    public override void Up() => Alter.Table("orders").AddColumn("loyalty_points").AsInt32().Nullable();

    public override void Down() => Delete.Column("loyalty_points").FromTable("orders");
}
