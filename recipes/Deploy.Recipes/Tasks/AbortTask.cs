using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Stops a canary release and sends all traffic back to the stable one.</summary>
[TaskName("Abort")]
[TaskDescription("Stops a canary release and sends all traffic back to the stable one.")]
[ChangesEnvironment]
public sealed class AbortTask() : NotConfiguredTask("this version of Deploy.Recipes has no canary strategy (Strategies/).");
