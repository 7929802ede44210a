using Deploy.Recipes.Edge.Hosting;

// dotnet Deploy.Recipes.Edge.dll --state=<dir> --environment=<name> --public-port=<port>
InlineSocketCompletions.Enable();
return await EdgeProgram.RunAsync(args);
