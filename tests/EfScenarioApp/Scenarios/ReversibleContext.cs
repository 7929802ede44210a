using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfScenarioApp.Scenarios;

/// <summary>Two migrations that go up, down and up again to the same schema.</summary>
public sealed class ReversibleContext(DbContextOptions<ReversibleContext> options) : DbContext(options);

[DbContext(typeof(ReversibleContext))]
[Migration("20250101000000_CreateNotes")]
public sealed class ReversibleCreateNotes : CreateNotesMigration;

[DbContext(typeof(ReversibleContext))]
[Migration("20250102000000_AddNoteTags")]
public sealed class ReversibleAddNoteTags : AddNoteTagsMigration;
