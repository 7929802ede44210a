using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// The base build context: every Cake.Common alias works on it, because it is a Cake context.
/// Derive from it (with a constructor taking <see cref="ICakeContext"/> plus any registered services) to add state.
/// </summary>
public class RecipeContext(ICakeContext context) : CakeContextAdapter(context);
