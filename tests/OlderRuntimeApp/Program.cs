// Answers every request 200 with the runtime it runs on, on ASPNETCORE_URLS as the recipe sets it. No health
// endpoint of the recipe's conventions and no version header: it is deployed with --ready-path=/.
var app = WebApplication.CreateSlimBuilder(args).Build();
app.Run(context => context.Response.WriteAsync($"running on .NET {Environment.Version}\n"));
app.Run();
