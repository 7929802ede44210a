using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>Setup and teardown around the whole run, like Cake.Frosting's <c>FrostingLifetime&lt;TContext&gt;</c>.</summary>
public interface IRecipeLifetime
{
    /// <summary>Runs once before the first task.</summary>
    void Setup(ICakeContext context, ISetupContext info);

    /// <summary>Runs once after the last task, also when a task failed.</summary>
    void Teardown(ICakeContext context, ITeardownContext info);
}

/// <summary>Typed base for <see cref="IRecipeLifetime"/>.</summary>
/// <typeparam name="TContext">The host's context type.</typeparam>
public abstract class RecipeLifetime<TContext> : IRecipeLifetime where TContext : ICakeContext
{
    /// <summary>Runs once before the first task.</summary>
    public virtual void Setup(TContext context, ISetupContext info)
    {
    }

    /// <summary>Runs once after the last task, also when a task failed.</summary>
    public virtual void Teardown(TContext context, ITeardownContext info)
    {
    }

    void IRecipeLifetime.Setup(ICakeContext context, ISetupContext info) => Setup((TContext)context, info);

    void IRecipeLifetime.Teardown(ICakeContext context, ITeardownContext info) => Teardown((TContext)context, info);
}
