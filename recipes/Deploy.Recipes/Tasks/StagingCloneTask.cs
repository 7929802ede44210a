using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Copies the environment's database into a staging clone for validation.</summary>
[TaskName("StagingClone")]
[TaskDescription("Copies the environment's database into a staging clone for validation.")]
public sealed class StagingCloneTask() : DatabaseTask("clone");
