using System.Reflection;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// Declares that a task reads an argument that is not a setting, through Cake's <c>Argument</c> alias
/// (<c>context.Argument("region", "eu")</c>). A run that changes an environment refuses arguments that name no setting
/// unless a task of the run declares it reads them (or <c>--allow-unknown-arguments</c> is given), so a mistyped or
/// newer-recipe setting never deploys with defaults; a declared argument is also never taken for a mistyped setting.
/// <code>
/// [TaskName("NotifyRegion")]
/// [ReadsArgument("region")]
/// public sealed class NotifyRegionTask : RecipeTask&lt;DeployContext&gt; { ... }
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReadsArgumentAttribute(string name) : Attribute
{
    /// <summary>The argument's name without dashes, as given on the command line (<c>region</c> for <c>--region=eu</c>).</summary>
    public string Name { get; } = name.TrimStart('-');

    /// <summary>The argument names <paramref name="task"/> declares it reads.</summary>
    public static IEnumerable<string> Of(Type task) => task.GetCustomAttributes<ReadsArgumentAttribute>().Select(a => a.Name);
}
