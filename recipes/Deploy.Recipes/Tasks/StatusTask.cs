using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Tasks;

/// <summary>Shows what runs where: active release, traffic split, warm slots, last releases.</summary>
[TaskName("Status")]
[TaskDescription("Shows what runs where: active release, traffic split, warm slots, last releases.")]
public sealed class StatusTask() : NotConfiguredTask("this version of Deploy.Recipes has no release target (Targets/Local).");
