using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Runs the smoke checks against the live release of the environment.</summary>
[TaskName("SmokeTest")]
[TaskDescription("Runs the smoke checks against the live release of the environment.")]
public sealed class SmokeTestTask() : NotConfiguredTask("this version of Deploy.Recipes has no release target (Targets/Local).");
