using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Rehearses the pending migrations (up, down, up) and smoke-checks the new release on the staging clone.</summary>
[TaskName("Validate")]
[TaskDescription("Rehearses the pending migrations (up, down, up) and smoke-checks the new release on the staging clone.")]
[IsDependentOn(typeof(PackageTask))]
[IsDependentOn(typeof(StagingCloneTask))]
public sealed class ValidateTask() : DatabaseTask("validate");
