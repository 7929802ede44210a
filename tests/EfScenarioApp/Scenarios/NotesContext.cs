using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfScenarioApp.Scenarios;

/// <summary>The app's own context: what the end-to-end release migrates (a later release adds its next migration).</summary>
public sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options);

[DbContext(typeof(NotesContext))]
[Migration("20250101000000_CreateNotes")]
public sealed class NotesCreateNotes : CreateNotesMigration;
