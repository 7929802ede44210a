using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Starts the packaged release beside the live one, smoke-checks it, switches traffic, and rolls back by itself if checks fail.</summary>
[TaskName("Deploy")]
[TaskDescription("Starts the packaged release beside the live one, smoke-checks it, switches traffic, and rolls back by itself if checks fail.")]
[IsDependentOn(typeof(MigrateTask))]
public sealed class DeployTask() : NotConfiguredTask("this version of Deploy.Recipes has no release target (Targets/Local).");
