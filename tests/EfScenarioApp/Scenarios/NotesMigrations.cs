using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfScenarioApp.Scenarios;

// The steps the scenarios share, written the way `dotnet ef migrations add` writes them (Up, Down and, as its
// .Designer.cs file does, the model after the migration) but without column types, so each provider maps the CLR
// types itself (long -> INTEGER/bigint, string -> TEXT/text). EF Core's SQLite provider needs the target models to
// rebuild a table for a dropped column. Each scenario's context has its own subclasses, marked with [DbContext] and
// [Migration] as EF Core finds them.

/// <summary>The notes table as a migration's target model describes it.</summary>
public static class NotesModel
{
    public static void Build(ModelBuilder modelBuilder, bool body = true, string? extra = null) =>
        modelBuilder.Entity("notes", table =>
        {
            table.Property<long>("id");
            table.Property<string>("title").IsRequired();
            if (body)
                table.Property<string>("body").IsRequired();
            if (extra == "tags")
            {
                table.Property<string>("tags");
                table.HasIndex("tags").HasDatabaseName("ix_notes_tags");
            }
            else if (extra == "pinned")
            {
                table.Property<long?>("pinned");
            }

            table.HasKey("id").HasName("pk_notes");
            table.ToTable("notes");
        });
}

/// <summary>Creates the notes table.</summary>
public abstract class CreateNotesMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "notes",
            columns: table => new
            {
                id = table.Column<long>(nullable: false),
                title = table.Column<string>(nullable: false),
                body = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_notes", x => x.id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "notes");

    protected override void BuildTargetModel(ModelBuilder modelBuilder) => NotesModel.Build(modelBuilder);
}

/// <summary>An expand step: a nullable column and its index, both removed again by Down.</summary>
public abstract class AddNoteTagsMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "tags", table: "notes", nullable: true);
        migrationBuilder.CreateIndex(name: "ix_notes_tags", table: "notes", column: "tags");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "ix_notes_tags", table: "notes");
        migrationBuilder.DropColumn(name: "tags", table: "notes");
    }

    protected override void BuildTargetModel(ModelBuilder modelBuilder) => NotesModel.Build(modelBuilder, extra: "tags");
}
