namespace Deploy.Recipes.Tasks;

/// <summary>
/// Marks a task that writes an environment's state: its releases or traffic, its edge, its database or staging
/// clone, its history. A run that includes one takes the environment's deployment lock before its first task, so two
/// runs can never interleave their clones, migrations or switches; and it refuses arguments that name no setting
/// unless a task of the run declares it reads them (<see cref="Hosting.ReadsArgumentAttribute"/>) or
/// <c>--allow-unknown-arguments</c> is given. Mark your own tasks that change an environment with it too.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ChangesEnvironmentAttribute : Attribute;
