namespace Deploy.Recipes.Targets;

/// <summary>What a command run on a host printed, and how it ended.</summary>
public sealed record HostCommandResult(int ExitCode, string Output, string Error);
