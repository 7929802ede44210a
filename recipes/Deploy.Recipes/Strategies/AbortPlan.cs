using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// How Abort moves traffic back to the stable release (<c>abort-steps</c>): <c>halve:DURATION</c> (the canary's weight
/// halves every DURATION until it is below 1%, then 0%) or falling steps <c>WEIGHT%:PAUSE,...</c> ending with 0%. Going
/// back gradually lets a stable release that served little traffic warm up (caches, pools, JIT) instead of taking every
/// customer at once; an automatic failure does not use it (the canary is hurting customers, so it goes at once).
/// </summary>
public sealed record AbortPlan
{
    private readonly TimeSpan? _halving;
    private readonly IReadOnlyList<CanaryStep> _steps;

    private AbortPlan(TimeSpan? halving, IReadOnlyList<CanaryStep> steps)
    {
        _halving = halving;
        _steps = steps;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="RecipeUsageException"/> naming the bad part and what would be valid.</summary>
    public static AbortPlan Parse(string text)
    {
        text = text.Trim();
        if (text.StartsWith("halve:", StringComparison.Ordinal))
        {
            if (!Durations.TryParse(text["halve:".Length..], out var every) || every <= TimeSpan.Zero)
                throw Bad(text, $"'{text["halve:".Length..]}' is not a duration above 0");
            return new AbortPlan(every, []);
        }

        var steps = new List<CanaryStep>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', 2, StringSplitOptions.TrimEntries);
            if (!pieces[0].EndsWith('%') || !int.TryParse(pieces[0][..^1], out var weight) || weight is < 0 or > 99)
                throw Bad(text, $"step '{part}' has no weight from 0% to 99%");
            var pause = TimeSpan.Zero;
            if (pieces.Length == 2 && !Durations.TryParse(pieces[1], out pause))
                throw Bad(text, $"step '{part}' has pause '{pieces[1]}', which is not a duration");
            if (steps.Count > 0 && weight >= steps[^1].Weight)
                throw Bad(text, $"step '{part}' does not fall below the step before it ({steps[^1].Weight}%)");
            steps.Add(new CanaryStep(weight, pause));
        }

        if (steps.Count == 0 || steps[^1].Weight != 0)
            throw Bad(text, "the last step must be 0%");
        return new AbortPlan(null, steps);
    }

    /// <summary>
    /// The weights the canary gets on its way back from <paramref name="from"/>%, each held for its pause; the last is 0%.
    /// Only steps below <paramref name="from"/> are taken: an abort never raises the canary's share.
    /// </summary>
    public IReadOnlyList<CanaryStep> From(int from)
    {
        if (_halving is not { } every)
            return _steps.Where(s => s.Weight < from).ToList();
        var steps = new List<CanaryStep>();
        for (var weight = from / 2; weight >= 1; weight /= 2)
            steps.Add(new CanaryStep(weight, every));
        steps.Add(new CanaryStep(0, TimeSpan.Zero));
        return steps;
    }

    /// <summary>Weights going straight to 0% (<c>--instant</c>, or an automatic failure).</summary>
    public static IReadOnlyList<CanaryStep> Instant { get; } = [new CanaryStep(0, TimeSpan.Zero)];

    private static RecipeUsageException Bad(string text, string why) => new(
        $"Setting 'abort-steps' is '{text}': {why}. Use halve:DURATION (such as halve:5s) or falling steps WEIGHT%:PAUSE ending with 0% (such as 20%:5s,5%:5s,0%).");
}
