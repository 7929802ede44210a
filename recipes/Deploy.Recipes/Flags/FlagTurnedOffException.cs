namespace Deploy.Recipes.Flags;

/// <summary>The analysis after a flag change failed and the flag was turned off by itself; the message names the verdict.</summary>
public sealed class FlagTurnedOffException(string message) : Exception(message);
