using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>A synchronous task, shaped like Cake.Frosting's <c>FrostingTask&lt;TContext&gt;</c>.</summary>
/// <typeparam name="TContext">The build context the task works on.</typeparam>
public abstract class RecipeTask<TContext> : IRecipeTask where TContext : ICakeContext
{
    /// <summary>Does the task's work.</summary>
    public virtual void Run(TContext context)
    {
    }

    /// <summary>Return false to skip the task; the report shows it as skipped.</summary>
    public virtual bool ShouldRun(TContext context) => true;

    /// <summary>
    /// Called when <see cref="Run"/> throws. Overriding it handles the error the way Cake's <c>OnError</c> does:
    /// the run goes on unless this method throws.
    /// </summary>
    public virtual void OnError(Exception exception, TContext context)
    {
    }

    /// <summary>Runs after the task, whether it succeeded, failed or was handled.</summary>
    public virtual void Finally(TContext context)
    {
    }

    Type IRecipeTask.ContextType => typeof(TContext);

    Task IRecipeTask.RunAsync(ICakeContext context)
    {
        Run((TContext)context);
        return Task.CompletedTask;
    }

    bool IRecipeTask.ShouldRun(ICakeContext context) => ShouldRun((TContext)context);

    void IRecipeTask.OnError(Exception exception, ICakeContext context) => OnError(exception, (TContext)context);

    void IRecipeTask.Finally(ICakeContext context) => Finally((TContext)context);
}
