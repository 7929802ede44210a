using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

// Fifty small migrations (a table, a column, an index, in turn), as FiftyMigrations.cs has them for FluentMigrator,
// written the way `dotnet ef migrations add` writes them (Up, Down and the model after each), without column types so
// each provider maps the CLR types itself.
namespace EfFiftyMigrations;

/// <summary>The context the fifty migrations belong to.</summary>
public sealed class FiftyContext(DbContextOptions<FiftyContext> options) : DbContext(options);

/// <summary>Step <c>n</c>: a table when n % 3 == 1, a column on it next, then an index on its name.</summary>
public abstract class FiftyStep(int n) : Migration
{
    private string Table => "t" + FiftyModel.TableOf(n);

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        switch (n % 3)
        {
            case 1:
                migrationBuilder.CreateTable(
                    name: Table,
                    columns: table => new { id = table.Column<long>(nullable: false), name = table.Column<string>(maxLength: 50, nullable: true) },
                    constraints: table => table.PrimaryKey("pk_" + Table, x => x.id));
                break;
            case 2:
                migrationBuilder.AddColumn<int>(name: "c" + n, table: Table, nullable: true);
                break;
            default:
                migrationBuilder.CreateIndex(name: "ix_" + n, table: Table, column: "name");
                break;
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        switch (n % 3)
        {
            case 1:
                migrationBuilder.DropTable(name: Table);
                break;
            case 2:
                migrationBuilder.DropColumn(name: "c" + n, table: Table);
                break;
            default:
                migrationBuilder.DropIndex(name: "ix_" + n, table: Table);
                break;
        }
    }

    protected override void BuildTargetModel(ModelBuilder modelBuilder) => FiftyModel.Build(modelBuilder, n);
}

/// <summary>The model after step <c>upTo</c>: what EF Core's SQLite provider needs to rebuild a table for a dropped column.</summary>
public static class FiftyModel
{
    public static int TableOf(int n) => n - (n - 1) % 3;

    public static void Build(ModelBuilder modelBuilder, int upTo)
    {
        for (var k = 1; k <= upTo; k += 3)
        {
            var step = k;
            modelBuilder.Entity("t" + step, table =>
            {
                table.Property<long>("id");
                table.Property<string>("name").HasMaxLength(50);
                if (upTo >= step + 1)
                    table.Property<int?>("c" + (step + 1));
                if (upTo >= step + 2)
                    table.HasIndex("name").HasDatabaseName("ix_" + (step + 2));
                table.HasKey("id").HasName("pk_t" + step);
                table.ToTable("t" + step);
            });
        }
    }
}

[DbContext(typeof(FiftyContext))] [Migration("20250101000001_M01")] public sealed class M01() : FiftyStep(1);
[DbContext(typeof(FiftyContext))] [Migration("20250101000002_M02")] public sealed class M02() : FiftyStep(2);
[DbContext(typeof(FiftyContext))] [Migration("20250101000003_M03")] public sealed class M03() : FiftyStep(3);
[DbContext(typeof(FiftyContext))] [Migration("20250101000004_M04")] public sealed class M04() : FiftyStep(4);
[DbContext(typeof(FiftyContext))] [Migration("20250101000005_M05")] public sealed class M05() : FiftyStep(5);
[DbContext(typeof(FiftyContext))] [Migration("20250101000006_M06")] public sealed class M06() : FiftyStep(6);
[DbContext(typeof(FiftyContext))] [Migration("20250101000007_M07")] public sealed class M07() : FiftyStep(7);
[DbContext(typeof(FiftyContext))] [Migration("20250101000008_M08")] public sealed class M08() : FiftyStep(8);
[DbContext(typeof(FiftyContext))] [Migration("20250101000009_M09")] public sealed class M09() : FiftyStep(9);
[DbContext(typeof(FiftyContext))] [Migration("20250101000010_M10")] public sealed class M10() : FiftyStep(10);
[DbContext(typeof(FiftyContext))] [Migration("20250101000011_M11")] public sealed class M11() : FiftyStep(11);
[DbContext(typeof(FiftyContext))] [Migration("20250101000012_M12")] public sealed class M12() : FiftyStep(12);
[DbContext(typeof(FiftyContext))] [Migration("20250101000013_M13")] public sealed class M13() : FiftyStep(13);
[DbContext(typeof(FiftyContext))] [Migration("20250101000014_M14")] public sealed class M14() : FiftyStep(14);
[DbContext(typeof(FiftyContext))] [Migration("20250101000015_M15")] public sealed class M15() : FiftyStep(15);
[DbContext(typeof(FiftyContext))] [Migration("20250101000016_M16")] public sealed class M16() : FiftyStep(16);
[DbContext(typeof(FiftyContext))] [Migration("20250101000017_M17")] public sealed class M17() : FiftyStep(17);
[DbContext(typeof(FiftyContext))] [Migration("20250101000018_M18")] public sealed class M18() : FiftyStep(18);
[DbContext(typeof(FiftyContext))] [Migration("20250101000019_M19")] public sealed class M19() : FiftyStep(19);
[DbContext(typeof(FiftyContext))] [Migration("20250101000020_M20")] public sealed class M20() : FiftyStep(20);
[DbContext(typeof(FiftyContext))] [Migration("20250101000021_M21")] public sealed class M21() : FiftyStep(21);
[DbContext(typeof(FiftyContext))] [Migration("20250101000022_M22")] public sealed class M22() : FiftyStep(22);
[DbContext(typeof(FiftyContext))] [Migration("20250101000023_M23")] public sealed class M23() : FiftyStep(23);
[DbContext(typeof(FiftyContext))] [Migration("20250101000024_M24")] public sealed class M24() : FiftyStep(24);
[DbContext(typeof(FiftyContext))] [Migration("20250101000025_M25")] public sealed class M25() : FiftyStep(25);
[DbContext(typeof(FiftyContext))] [Migration("20250101000026_M26")] public sealed class M26() : FiftyStep(26);
[DbContext(typeof(FiftyContext))] [Migration("20250101000027_M27")] public sealed class M27() : FiftyStep(27);
[DbContext(typeof(FiftyContext))] [Migration("20250101000028_M28")] public sealed class M28() : FiftyStep(28);
[DbContext(typeof(FiftyContext))] [Migration("20250101000029_M29")] public sealed class M29() : FiftyStep(29);
[DbContext(typeof(FiftyContext))] [Migration("20250101000030_M30")] public sealed class M30() : FiftyStep(30);
[DbContext(typeof(FiftyContext))] [Migration("20250101000031_M31")] public sealed class M31() : FiftyStep(31);
[DbContext(typeof(FiftyContext))] [Migration("20250101000032_M32")] public sealed class M32() : FiftyStep(32);
[DbContext(typeof(FiftyContext))] [Migration("20250101000033_M33")] public sealed class M33() : FiftyStep(33);
[DbContext(typeof(FiftyContext))] [Migration("20250101000034_M34")] public sealed class M34() : FiftyStep(34);
[DbContext(typeof(FiftyContext))] [Migration("20250101000035_M35")] public sealed class M35() : FiftyStep(35);
[DbContext(typeof(FiftyContext))] [Migration("20250101000036_M36")] public sealed class M36() : FiftyStep(36);
[DbContext(typeof(FiftyContext))] [Migration("20250101000037_M37")] public sealed class M37() : FiftyStep(37);
[DbContext(typeof(FiftyContext))] [Migration("20250101000038_M38")] public sealed class M38() : FiftyStep(38);
[DbContext(typeof(FiftyContext))] [Migration("20250101000039_M39")] public sealed class M39() : FiftyStep(39);
[DbContext(typeof(FiftyContext))] [Migration("20250101000040_M40")] public sealed class M40() : FiftyStep(40);
[DbContext(typeof(FiftyContext))] [Migration("20250101000041_M41")] public sealed class M41() : FiftyStep(41);
[DbContext(typeof(FiftyContext))] [Migration("20250101000042_M42")] public sealed class M42() : FiftyStep(42);
[DbContext(typeof(FiftyContext))] [Migration("20250101000043_M43")] public sealed class M43() : FiftyStep(43);
[DbContext(typeof(FiftyContext))] [Migration("20250101000044_M44")] public sealed class M44() : FiftyStep(44);
[DbContext(typeof(FiftyContext))] [Migration("20250101000045_M45")] public sealed class M45() : FiftyStep(45);
[DbContext(typeof(FiftyContext))] [Migration("20250101000046_M46")] public sealed class M46() : FiftyStep(46);
[DbContext(typeof(FiftyContext))] [Migration("20250101000047_M47")] public sealed class M47() : FiftyStep(47);
[DbContext(typeof(FiftyContext))] [Migration("20250101000048_M48")] public sealed class M48() : FiftyStep(48);
[DbContext(typeof(FiftyContext))] [Migration("20250101000049_M49")] public sealed class M49() : FiftyStep(49);
[DbContext(typeof(FiftyContext))] [Migration("20250101000050_M50")] public sealed class M50() : FiftyStep(50);
