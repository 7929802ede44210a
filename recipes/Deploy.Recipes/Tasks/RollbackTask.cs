using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Sends traffic back to the previous known-good release (<c>--to=&lt;release&gt;</c> for an older one).</summary>
[TaskName("Rollback")]
[TaskDescription("Sends traffic back to the previous known-good release (--to=<release> for an older one).")]
public sealed class RollbackTask() : NotConfiguredTask("this version of Deploy.Recipes has no release target (Targets/Local).");
