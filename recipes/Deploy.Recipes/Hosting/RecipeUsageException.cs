namespace Deploy.Recipes.Hosting;

/// <summary>
/// Bad input from the person running the build: a wrong argument, setting or target. The host prints the message
/// as one line and exits non-zero before any task runs, so nothing has changed.
/// </summary>
public sealed class RecipeUsageException(string message) : Exception(message);
