using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfScenarioApp.Scenarios;

/// <summary>Matched by name by the recipe, as an app declares it: a migration with no working Down by design.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ForwardOnlyAttribute : Attribute;

/// <summary>Matched by name by the recipe: a contract step, safe once every running release includes <see cref="ExpandVersion"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BreakingChangeAttribute(long expandVersion) : Attribute
{
    public long ExpandVersion { get; } = expandVersion;
}

/// <summary>
/// Migrations marked forward-only and breaking. The context can only be made by its design-time factory (its
/// constructor wants more than options), the way apps whose context needs extra set-up give it to EF's tools.
/// </summary>
public sealed class MarkedContext(DbContextOptions<MarkedContext> options, string tenant) : DbContext(options)
{
    public string Tenant { get; } = tenant;
}

/// <summary>What EF's tools (and the recipe) use to make a <see cref="MarkedContext"/>.</summary>
public sealed class MarkedContextFactory : IDesignTimeDbContextFactory<MarkedContext>
{
    public MarkedContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MarkedContext>().UseSqlite("Data Source=design-time.db").Options, "design-time");
}

[DbContext(typeof(MarkedContext))]
[Migration("20250101000000_CreateNotes")]
public sealed class MarkedCreateNotes : CreateNotesMigration;

[DbContext(typeof(MarkedContext))]
[Migration("20250102000000_UppercaseTitles")]
[ForwardOnly]
public sealed class MarkedUppercaseTitles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("UPDATE notes SET title = upper(title)");

    protected override void Down(MigrationBuilder migrationBuilder) => throw new NotSupportedException("titles cannot be un-uppercased");

    protected override void BuildTargetModel(ModelBuilder modelBuilder) => NotesModel.Build(modelBuilder);
}

[DbContext(typeof(MarkedContext))]
[Migration("20250103000000_DropNoteBody")]
[BreakingChange(20250102000000)]
public sealed class MarkedDropNoteBody : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "body", table: "notes");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "body", table: "notes", nullable: false, defaultValue: "");

    protected override void BuildTargetModel(ModelBuilder modelBuilder) => NotesModel.Build(modelBuilder, body: false);
}
