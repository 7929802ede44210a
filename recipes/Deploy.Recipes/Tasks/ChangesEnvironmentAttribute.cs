namespace Deploy.Recipes.Tasks;

/// <summary>
/// Marks a task that changes an environment. A run that includes one takes the environment's deployment lock
/// before its first task, so two runs can never interleave their builds or their switches.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ChangesEnvironmentAttribute : Attribute;
