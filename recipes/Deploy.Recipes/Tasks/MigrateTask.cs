using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Backs up the environment's database, then applies the validated migrations one transaction each.</summary>
[TaskName("Migrate")]
[TaskDescription("Backs up the environment's database, then applies the validated migrations one transaction each.")]
[IsDependentOn(typeof(ValidateTask))]
[ChangesEnvironment]
public sealed class MigrateTask() : DatabaseTask("migrate");
