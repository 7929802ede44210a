using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Moves a canary release to all traffic.</summary>
[TaskName("Promote")]
[TaskDescription("Moves a canary release to all traffic.")]
[ChangesEnvironment]
public sealed class PromoteTask() : NotConfiguredTask("this version of Deploy.Recipes has no canary strategy (Strategies/).");
