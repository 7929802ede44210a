using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Notes;
using Notes.Data;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDbContext<NotesDbContext>(options =>
    options.UseSqlite(builder.Configuration.GetConnectionString("Notes")));

builder.Services.AddAuthorization();
builder.Services.AddIdentityApiEndpoints<IdentityUser>()
    .AddEntityFrameworkStores<NotesDbContext>();

// Bearer tokens are protected with the data-protection key ring: every instance must share it.
var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Notes");
if (builder.Configuration["DataProtection:KeysFolder"] is { Length: > 0 } keysFolder)
    dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysFolder));

builder.Services.AddHealthChecks()
    .AddDbContextCheck<NotesDbContext>();

var app = builder.Build();

app.UseHttpsRedirection();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/", () => Results.Redirect("/about"));
app.MapGet("/about", () => "Notes: register at /identity/register, log in at /identity/login, then use /api/notes.");
app.MapHealthChecks("/healthz");
app.MapGroup("/identity").MapIdentityApi<IdentityUser>();

var notes = app.MapGroup("/api/notes").RequireAuthorization();

notes.MapGet("/", async (ClaimsPrincipal user, NotesDbContext db) =>
{
    var owner = UserId(user);
    return await db.Notes.Where(n => n.OwnerId == owner).OrderByDescending(n => n.Pinned).ThenBy(n => n.Id).ToListAsync();
});

notes.MapGet("/{id:int}", async (int id, ClaimsPrincipal user, NotesDbContext db) =>
{
    var owner = UserId(user);
    return await db.Notes.SingleOrDefaultAsync(n => n.Id == id && n.OwnerId == owner) is { } note
        ? Results.Ok(note)
        : Results.NotFound();
});

notes.MapPost("/", async (NoteRequest request, ClaimsPrincipal user, NotesDbContext db) =>
{
    if (string.IsNullOrWhiteSpace(request.Title))
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["A note needs a title."] });
    var note = new Note { OwnerId = UserId(user), Title = request.Title, Body = request.Body ?? "", Pinned = request.Pinned, CreatedAt = DateTime.UtcNow };
    db.Notes.Add(note);
    await db.SaveChangesAsync();
    return Results.Created($"/api/notes/{note.Id}", note);
});

app.Run();

static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;
