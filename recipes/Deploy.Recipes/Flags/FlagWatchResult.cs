namespace Deploy.Recipes.Flags;

/// <summary>How the analysis window after a flag change ended.</summary>
/// <param name="TurnOff">True: the flag must go off (a fail, or too many metric errors, or on-inconclusive=fail).</param>
/// <param name="Why">One line quoting the last verdict.</param>
public sealed record FlagWatchResult(bool TurnOff, string Why);
