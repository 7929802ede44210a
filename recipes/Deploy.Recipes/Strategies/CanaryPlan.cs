using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// The steps of a canary (<c>canary-steps</c>): comma-separated <c>WEIGHT%[:PAUSE]</c>, PAUSE a duration or
/// <c>manual</c>, weights strictly rising within 1-99; the plan always ends with 100% (the promotion). A step written
/// without a pause is judged for one <c>analysis-interval</c> (a pause of 0), so even a step that passes at once gets a
/// verdict on real traffic before the next.
/// </summary>
/// <param name="Steps">The steps, the last one 100% with no pause.</param>
public sealed record CanaryPlan(IReadOnlyList<CanaryStep> Steps)
{
    /// <summary>Index of the promotion step (100%).</summary>
    public int Promotion => Steps.Count - 1;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="RecipeUsageException"/> naming the bad step and what would be valid.</summary>
    public static CanaryPlan Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (string.IsNullOrWhiteSpace(text))
            throw Bad(text, "it is empty");
        var steps = new List<CanaryStep>();
        foreach (var part in parts)
        {
            var colon = part.IndexOf(':');
            var weightText = (colon < 0 ? part : part[..colon]).Trim();
            var pauseText = colon < 0 ? null : part[(colon + 1)..].Trim();
            if (!weightText.EndsWith('%') || !int.TryParse(weightText[..^1], out var weight))
                throw Bad(text, $"step '{part}' has no weight such as 25%");
            if (weight is < 1 or > 99)
                throw Bad(text, $"step '{part}' has weight {weight}%: use 1%-99% (100% always follows the last step)");
            if (steps.Count > 0 && weight <= steps[^1].Weight)
                throw Bad(text, $"step '{part}' does not rise above the step before it ({steps[^1].Weight}%): weights must rise step by step");
            TimeSpan? pause = TimeSpan.Zero;
            if (pauseText == "manual")
                pause = null;
            else if (pauseText != null)
            {
                if (!Durations.TryParse(pauseText, out var span))
                    throw Bad(text, $"step '{part}' has pause '{pauseText}': use a duration (20s, 2m, 500ms) or manual");
                pause = span;
            }

            steps.Add(new CanaryStep(weight, pause));
        }

        steps.Add(new CanaryStep(100, TimeSpan.Zero));
        return new CanaryPlan(steps);
    }

    /// <summary>Steps as written, ending with the promotion.</summary>
    public override string ToString() => string.Join(", ", Steps.Take(Promotion)) + ", then 100%";

    private static RecipeUsageException Bad(string text, string why) => new(
        $"Setting 'canary-steps' is '{text}': {why}. Write comma-separated WEIGHT%[:PAUSE] steps with rising weights, PAUSE a duration or manual, " +
        "such as 5%:1m,25%:manual,50%:2m.");
}
