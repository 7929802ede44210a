// Answers any request with its headers as a JSON object (name -> values), on ASPNETCORE_URLS as set by the edge.
var app = WebApplication.CreateSlimBuilder(args).Build();
app.Run(context => context.Response.WriteAsJsonAsync(
    context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToArray(), StringComparer.OrdinalIgnoreCase)));
app.Run();
