using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// What the host calls on a task. Derive from <see cref="RecipeTask{TContext}"/> or
/// <see cref="AsyncRecipeTask{TContext}"/> rather than implementing this directly.
/// </summary>
public interface IRecipeTask
{
    /// <summary>The context type the task expects; the host's context must be assignable to it.</summary>
    Type ContextType { get; }

    /// <summary>Does the task's work.</summary>
    Task RunAsync(ICakeContext context);

    /// <summary>False skips the task (it shows as skipped in the report).</summary>
    bool ShouldRun(ICakeContext context);

    /// <summary>Handles a failure of <see cref="RunAsync"/>; returning normally swallows it, as in Cake.</summary>
    void OnError(Exception exception, ICakeContext context);

    /// <summary>Runs after the task whether it succeeded or failed.</summary>
    void Finally(ICakeContext context);
}
