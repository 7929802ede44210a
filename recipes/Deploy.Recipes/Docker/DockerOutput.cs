namespace Deploy.Recipes.Docker;

/// <summary>What a <c>docker</c> command printed and how it ended.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error.</param>
public sealed record DockerOutput(int ExitCode, string Output, string Error);
