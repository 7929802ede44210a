using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Stops the environment's edge and every release process it started.</summary>
[TaskName("Down")]
[TaskDescription("Stops the environment's edge and every release process it started.")]
public sealed class DownTask() : NotConfiguredTask("this version of Deploy.Recipes has no release target (Targets/Local).");
