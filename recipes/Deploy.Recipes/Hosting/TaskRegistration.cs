using System.Reflection;
using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>Turns task classes into tasks of the real Cake engine, keeping Cake.Frosting's rules.</summary>
internal static class TaskRegistration
{
    public static string NameOf(Type taskType) => taskType.GetCustomAttribute<TaskNameAttribute>()?.Name ?? taskType.Name;

    public static bool IsTask(Type type) =>
        typeof(IRecipeTask).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false };

    public static void Register(ICakeEngine engine, Type taskType, IRecipeTask task, ICakeContext context)
    {
        if (!task.ContextType.IsInstanceOfType(context))
            throw new RecipeUsageException(
                $"Task '{NameOf(taskType)}' ({taskType.FullName}) works on a {task.ContextType.Name}, but the host's context is a " +
                $"{context.GetType().Name}. Call UseContext<T>() with a context that derives from {task.ContextType.Name}.");

        var builder = engine.RegisterTask(NameOf(taskType));
        var description = taskType.GetCustomAttribute<TaskDescriptionAttribute>()?.Description;
        if (description != null)
            builder.Description(description);

        foreach (var dependency in taskType.GetCustomAttributes<IsDependentOnAttribute>())
            builder.IsDependentOn(NameOf(Checked(taskType, dependency.Task)));
        foreach (var dependee in taskType.GetCustomAttributes<IsDependeeOfAttribute>())
            builder.IsDependeeOf(NameOf(Checked(taskType, dependee.Task)));

        builder.WithCriteria(ctx => task.ShouldRun(ctx));
        builder.Does(task.RunAsync);

        var handlesErrors = Overrides(taskType, nameof(IRecipeTask.OnError));
        if (taskType.GetCustomAttribute<ContinueOnErrorAttribute>() != null)
        {
            // Cake allows one error handler; ContinueOnError is it, and OnError still sees the error as a reporter.
            if (handlesErrors)
                builder.ReportError(exception => task.OnError(exception, context));
            builder.ContinueOnError();
        }
        else if (handlesErrors)
        {
            builder.OnError((exception, ctx) => task.OnError(exception, ctx));
        }

        if (Overrides(taskType, nameof(IRecipeTask.Finally)))
            builder.Finally(ctx => task.Finally(ctx));
    }

    private static Type Checked(Type owner, Type referenced) =>
        IsTask(referenced)
            ? referenced
            : throw new RecipeUsageException(
                $"Task {owner.FullName} names {referenced.FullName} as a dependency, but that is not a task class (derive it from RecipeTask<T>).");

    // Frosting registers OnError and Finally only when the task overrides them, so that an unhandled failure still
    // stops the run; the same rule here keeps the two hosts interchangeable.
    private static bool Overrides(Type taskType, string method)
    {
        var declaring = taskType.GetMethod(method, BindingFlags.Public | BindingFlags.Instance)?.DeclaringType;
        if (declaring == null)
            return false;
        var definition = declaring.IsGenericType ? declaring.GetGenericTypeDefinition() : declaring;
        return definition != typeof(RecipeTask<>) && definition != typeof(AsyncRecipeTask<>);
    }
}
