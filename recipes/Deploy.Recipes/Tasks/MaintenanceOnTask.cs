using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Shows customers the maintenance page (503 with Retry-After); operators and health checks still reach the app.</summary>
[TaskName("MaintenanceOn")]
[TaskDescription("Shows customers the maintenance page (503 with Retry-After); operators and health checks still reach the app.")]
public sealed class MaintenanceOnTask() : NotConfiguredTask("this version of Deploy.Recipes has no release target (Targets/Local).");
