using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Ends maintenance mode; customers reach the app again.</summary>
[TaskName("MaintenanceOff")]
[TaskDescription("Ends maintenance mode; customers reach the app again.")]
public sealed class MaintenanceOffTask() : NotConfiguredTask("this version of Deploy.Recipes has no release target (Targets/Local).");
