using Deploy.Recipes;
using Deploy.Recipes.Hosting;

// This repository's build program, configured the way a user configures the recipe: the sample shop is the app,
// its tests are the app's tests. Pack (in this assembly) adds the repository's own task.
return new RecipeHost()
    .UseDeployRecipe(recipe =>
    {
        recipe.App = "samples/Shop/Shop.csproj";
        recipe.Tests = ["samples/Shop.Tests/Shop.Tests.csproj"];
    })
    .Run(args);
