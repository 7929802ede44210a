using Deploy.Recipes;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

// This repository's build program, configured the way a user configures the recipe: the sample shop is the app,
// its tests are the app's tests. Pack (in this assembly) adds the repository's own task.
return new RecipeHost()
    .UseDeployRecipe(recipe =>
    {
        recipe.App = "samples/Shop/Shop.csproj";
        recipe.Tests = ["samples/Shop.Tests/Shop.Tests.csproj"];
        recipe.Environments["staging"] = new DeployEnvironment { PublicPort = 5081 };
        recipe.Environments["production"] = new DeployEnvironment { PublicPort = 5082 };
        // Each environment keeps its own SQLite database in its data folder; both slots of a release share it. The recipe
        // clones, rehearses and applies the shop's migrations, so the shop must not migrate itself at start-up.
        recipe.Database = "sqlite";
        recipe.DatabaseConnection = "Data Source={data}/shop.db";
        recipe.AppSettings = ["ConnectionStrings__Shop={database}", "Shop__MigrateOnStartup=false"];
        // The shop answers the default ready path; its smoke checks also prove /version and the home page.
        recipe.SmokeChecks = ["/health/ready", "/version", "/"];
    })
    .Run(args);
