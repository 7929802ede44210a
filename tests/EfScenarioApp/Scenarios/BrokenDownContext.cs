using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfScenarioApp.Scenarios;

/// <summary>The second migration's Down fails on every provider: it names a table that does not exist.</summary>
public sealed class BrokenDownContext(DbContextOptions<BrokenDownContext> options) : DbContext(options);

[DbContext(typeof(BrokenDownContext))]
[Migration("20250101000000_CreateNotes")]
public sealed class BrokenDownCreateNotes : CreateNotesMigration;

[DbContext(typeof(BrokenDownContext))]
[Migration("20250102000000_AddPinned")]
public sealed class BrokenDownAddPinned : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<long>(name: "pinned", table: "notes", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("UPDATE no_such_table SET pinned = NULL");

    protected override void BuildTargetModel(ModelBuilder modelBuilder) => NotesModel.Build(modelBuilder, extra: "pinned");
}
