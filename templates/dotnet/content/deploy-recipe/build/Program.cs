using Deploy.Recipes;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

// The build program: ./build.sh --target=Deploy builds, tests and packages the app, then releases it with zero downtime.
// ./build.sh --help lists every setting; cake.config, DEPLOY_* variables and --key=value arguments override what is set here.
return new RecipeHost()
    .UseDeployRecipe(recipe =>
    {
#if (appGiven)
        recipe.App = "APP_PROJECT_PATH";
#else
        // Empty: the only ASP.NET Core project in the repository (several are an error that lists them).
        // recipe.App = "src/MyApp/MyApp.csproj";
#endif
        // Empty: every project referencing Microsoft.NET.Test.Sdk; each run lists the ones it found.
        // recipe.Tests = ["tests/MyApp.Tests/MyApp.Tests.csproj"];

        // "local" (port 5080) is built in; add the environments you release to.
        recipe.Environments["production"] = new DeployEnvironment { PublicPort = 8080 };

        // What a typical app needs (see the README, "Adopting the recipe in your repository"):
        // recipe.ReadyPath = "/healthz";                    // a path the app answers 2xx when it can take traffic
        // recipe.Database = "sqlite";                       // sqlite or postgres: staging clone, rehearsal, migrations
        // recipe.DatabaseConnection = "Data Source={data}/app.db";
        // recipe.AppSettings = ["ConnectionStrings__Default={database}"];
    })
    .Run(args);
