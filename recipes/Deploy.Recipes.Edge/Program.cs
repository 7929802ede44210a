using Deploy.Recipes.Edge.Hosting;

// dotnet Deploy.Recipes.Edge.dll --state=<dir> --environment=<name> --public-port=<port>
return await EdgeProgram.RunAsync(args);
