using System.Reflection;
using EfScenarioApp.Scenarios;
using Microsoft.EntityFrameworkCore;

// A plain ASP.NET Core app with EF Core migrations, as the recipe finds apps: it does not migrate at start-up and knows
// nothing of the recipe. It reports its version (App:Version, else the build's informational version) on every answer.
var builder = WebApplication.CreateBuilder(args);
var version = builder.Configuration["App:Version"] is { Length: > 0 } configured
    ? configured
    : typeof(NotesContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
var connection = builder.Configuration.GetConnectionString("Notes");
// Notes:Provider=postgres when the environment's database is PostgreSQL (a fleet's hosts share one over the network).
var postgres = builder.Configuration["Notes:Provider"] == "postgres";
if (!string.IsNullOrEmpty(connection))
    builder.Services.AddDbContext<NotesContext>(options => _ = postgres ? options.UseNpgsql(connection) : options.UseSqlite(connection));

var app = builder.Build();
app.Use((context, next) =>
{
    context.Response.Headers["X-App-Version"] = version;
    return next(context);
});
app.MapGet("/health/ready", () => "ready");
app.MapGet("/version", () => Results.Json(new { version }));
app.MapGet("/", () => $"EF scenario app {version} on EF Core {typeof(DbContext).Assembly.GetName().Version}");
// The migrations the database has, as this release's EF Core reads them: what the recipe applied.
app.MapGet("/migrations", (IServiceProvider services) =>
    services.GetService<NotesContext>() is { } notes ? Results.Json(notes.Database.GetAppliedMigrations()) : Results.NotFound());
app.Run();
