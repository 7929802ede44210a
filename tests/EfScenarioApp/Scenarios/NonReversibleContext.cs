using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfScenarioApp.Scenarios;

/// <summary>
/// The second migration drops a required column; its Down can only add it back as nullable (the values are gone), so
/// the schema after Down differs from the schema before Up.
/// </summary>
public sealed class NonReversibleContext(DbContextOptions<NonReversibleContext> options) : DbContext(options);

[DbContext(typeof(NonReversibleContext))]
[Migration("20250101000000_CreateNotes")]
public sealed class NonReversibleCreateNotes : CreateNotesMigration;

[DbContext(typeof(NonReversibleContext))]
[Migration("20250102000000_DropNoteBody")]
public sealed class NonReversibleDropNoteBody : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "body", table: "notes");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "body", table: "notes", nullable: true);

    protected override void BuildTargetModel(ModelBuilder modelBuilder) => NotesModel.Build(modelBuilder, body: false);
}
