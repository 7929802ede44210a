namespace Deploy.Recipes.Strategies;

/// <summary>One step of a canary: the share of customers the new release gets, and how long it is judged before the next.</summary>
/// <param name="Weight">Percent of traffic to the canary, 1-100 (100 is the promotion).</param>
/// <param name="Pause">How long the step is judged before the next one; null for <c>manual</c> (an operator runs Promote or Abort).</param>
public sealed record CanaryStep(int Weight, TimeSpan? Pause)
{
    /// <summary>The step as it is written in <c>canary-steps</c>.</summary>
    public override string ToString() => $"{Weight}%:{(Pause is { } pause ? Hosting.Durations.Describe(pause).Replace(" ", "", StringComparison.Ordinal) : "manual")}";
}
