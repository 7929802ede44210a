namespace Deploy.Recipes.Hosting;

/// <summary>Names a task. Without it the task's class name is its name, as in Cake.Frosting.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TaskNameAttribute(string name) : Attribute
{
    /// <summary>The name used with <c>--target</c> and shown in the task graph.</summary>
    public string Name { get; } = name;
}

/// <summary>The one-line description shown by <c>--description</c> and <c>--tree</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TaskDescriptionAttribute(string description) : Attribute
{
    /// <summary>What the task does to a release.</summary>
    public string Description { get; } = description;
}

/// <summary>Runs the given task before this one, as Cake's <c>IsDependentOn</c> does.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class IsDependentOnAttribute(Type task) : Attribute
{
    /// <summary>The task class that must run first.</summary>
    public Type Task { get; } = task;
}

/// <summary>Makes the given task depend on this one, as Cake's <c>IsDependeeOf</c> does.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class IsDependeeOfAttribute(Type task) : Attribute
{
    /// <summary>The task class that runs after this one.</summary>
    public Type Task { get; } = task;
}

/// <summary>
/// A failure of this task is reported but does not stop the run, as Cake's <c>ContinueOnError</c>.
/// The task's <c>OnError</c>, when overridden, still sees the exception.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ContinueOnErrorAttribute : Attribute;
