namespace Deploy.Recipes.Hosting;

/// <summary>
/// The run about to start, as a setup action sees it: the task classes that will run, in order, and the arguments
/// that name no setting and no host option (Cake hands those to tasks through its <c>Argument</c> alias).
/// </summary>
public sealed class RecipePlan(IReadOnlyList<Type> tasks, IReadOnlyList<string> unknownArguments)
{
    /// <summary>The task classes of the run, in execution order.</summary>
    public IReadOnlyList<Type> Tasks { get; } = tasks;

    /// <summary>Argument names (without dashes) that are neither a setting nor a host option.</summary>
    public IReadOnlyList<string> UnknownArguments { get; } = unknownArguments;

    /// <summary>The unknown arguments that no task of this run declares it reads (<see cref="ReadsArgumentAttribute"/>).</summary>
    public IReadOnlyList<string> UnreadArguments =>
        UnknownArguments.Where(a => !Tasks.SelectMany(ReadsArgumentAttribute.Of).Contains(a, StringComparer.OrdinalIgnoreCase)).ToList();
}
