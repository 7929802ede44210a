// Answers GET / with the runtime it runs on, on ASPNETCORE_URLS as the recipe sets it, and 404 anywhere else: no
// health endpoint of the recipe's conventions and no version header, so it is deployed with --ready-path=/.
var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/", () => $"running on .NET {Environment.Version}\n");
app.Run();
