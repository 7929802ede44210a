namespace Deploy.Recipes.Releases;

/// <summary>
/// How far a canary got, kept on its release's history record (so on every host of a fleet, as the history is), so
/// that Promote, Abort and Status in later commands and CI jobs continue from it. Transitions are pure: each returns
/// the next progress, and the caller saves it before it acts on the edges it names.
/// </summary>
/// <param name="Steps">The <c>canary-steps</c> the canary was started with (a later run continues the same plan).</param>
/// <param name="StepIndex">The step it is at (its weight is the share the canary gets); -1 before the first step.</param>
/// <param name="State">See <see cref="CanaryState"/>.</param>
/// <param name="StepStartsUtc">When each step reached so far began, in step order.</param>
/// <param name="Verdicts">The verdicts so far, oldest first (each as printed, with its numbers), the last few only.</param>
/// <param name="Hosts">The hosts carrying the canary, each with its stable and canary slot.</param>
/// <param name="Weight">The share the canary has now, in percent.</param>
public sealed record CanaryProgress(
    string Steps, int StepIndex, string State, IReadOnlyList<DateTimeOffset> StepStartsUtc, IReadOnlyList<string> Verdicts,
    IReadOnlyList<CanaryHost> Hosts, int Weight = 0)
{
    /// <summary>How many verdicts the record keeps: enough for Status and an abort's reason, small enough for the history file.</summary>
    public const int KeptVerdicts = 10;

    /// <summary>A canary started on <paramref name="hosts"/>, not yet given traffic.</summary>
    public static CanaryProgress Started(string steps, IReadOnlyList<CanaryHost> hosts) =>
        new(steps, -1, CanaryState.Starting, [], [], hosts);

    /// <summary>True while the canary runs beside the stable release (neither promoted nor aborted).</summary>
    public bool InProgress => State is not (CanaryState.Done or CanaryState.Aborted);

    /// <summary>Step <paramref name="index"/> (weight <paramref name="weight"/>%) began at <paramref name="now"/>.</summary>
    public CanaryProgress Stepping(int index, int weight, DateTimeOffset now)
    {
        if (!InProgress)
            throw new InvalidOperationException($"A canary that is {State} takes no further step.");
        if (index <= StepIndex)
            throw new InvalidOperationException($"A canary at step {StepIndex + 1} cannot go back to step {index + 1}; Abort takes it back.");
        return this with { StepIndex = index, State = CanaryState.Stepping, Weight = weight, StepStartsUtc = [.. StepStartsUtc, now] };
    }

    /// <summary>A verdict was made at the current step.</summary>
    public CanaryProgress Judged(string verdict) =>
        this with { Verdicts = [.. Verdicts.Skip(Math.Max(0, Verdicts.Count + 1 - KeptVerdicts)), verdict] };

    /// <summary>The step waits for an operator (a manual pause, or a step still inconclusive with on-inconclusive=pause).</summary>
    public CanaryProgress Paused() => State == CanaryState.Stepping
        ? this with { State = CanaryState.Paused }
        : throw new InvalidOperationException($"Only a canary at a step can pause; this one is {State}.");

    /// <summary>Traffic is going back to the stable release.</summary>
    public CanaryProgress Aborting() => InProgress
        ? this with { State = CanaryState.Aborting }
        : throw new InvalidOperationException($"A canary that is {State} cannot be aborted.");

    /// <summary>The canary's share is now <paramref name="weight"/>% (an abort on its way back).</summary>
    public CanaryProgress At(int weight) => this with { Weight = weight };

    /// <summary>All traffic is back on the stable release.</summary>
    public CanaryProgress Aborted() => State == CanaryState.Aborting
        ? this with { State = CanaryState.Aborted, Weight = 0 }
        : throw new InvalidOperationException($"Only an aborting canary ends aborted; this one is {State}.");

    /// <summary>The canary takes all traffic on every host.</summary>
    public CanaryProgress Promoting(DateTimeOffset now, int promotionIndex) =>
        Stepping(promotionIndex, 100, now) with { State = CanaryState.Promoting };

    /// <summary>The release is live everywhere.</summary>
    public CanaryProgress Done() => State == CanaryState.Promoting
        ? this with { State = CanaryState.Done, Weight = 100 }
        : throw new InvalidOperationException($"Only a promoting canary ends done; this one is {State}.");

    /// <summary>One line for people: where it is and what it waits for.</summary>
    public string Describe() => State switch
    {
        CanaryState.Paused => $"paused at {Weight}% (step {StepIndex + 1}): run --target=Promote or --target=Abort",
        CanaryState.Stepping => $"at {Weight}% (step {StepIndex + 1}) since {StepStartsUtc[^1]:u}, judged every analysis-interval",
        CanaryState.Starting => "starting with 0% of traffic",
        _ => $"{State} at {Weight}%",
    };
}

/// <summary>One host carrying a canary: the slot of its stable release and the slot of the canary.</summary>
/// <param name="Name">The host's name.</param>
/// <param name="StableSlot">The slot customers stay on.</param>
/// <param name="CanarySlot">The slot of the canary release.</param>
public sealed record CanaryHost(string Name, string StableSlot, string CanarySlot);

/// <summary>The states of a <see cref="CanaryProgress"/>.</summary>
public static class CanaryState
{
    /// <summary>Started and being proven, with no traffic.</summary>
    public const string Starting = "starting";

    /// <summary>At a step, being judged.</summary>
    public const string Stepping = "stepping";

    /// <summary>At a step, waiting for Promote or Abort.</summary>
    public const string Paused = "paused";

    /// <summary>Taking all traffic.</summary>
    public const string Promoting = "promoting";

    /// <summary>Traffic going back to the stable release.</summary>
    public const string Aborting = "aborting";

    /// <summary>Promoted: the release is live everywhere.</summary>
    public const string Done = "done";

    /// <summary>Aborted: the stable release has all traffic again.</summary>
    public const string Aborted = "aborted";
}
