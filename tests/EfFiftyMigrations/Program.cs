// An app that only carries migrations: the benchmark reads and runs them through the recipe's EF Core engine.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health/ready", () => "ready");
app.Run();
