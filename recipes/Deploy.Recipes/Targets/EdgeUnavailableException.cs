namespace Deploy.Recipes.Targets;

/// <summary>The edge did not answer its admin API in time (hung, stopped, or gone). Nothing was changed by the call.</summary>
public sealed class EdgeUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
