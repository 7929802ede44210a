namespace Deploy.Recipes.Health;

/// <summary>A release failed a check that defines "healthy"; the message says which check and what was seen.</summary>
public sealed class ReleaseCheckFailedException(string message) : Exception(message);
