namespace Deploy.Recipes.Hosting;

/// <summary>
/// Finds arguments that are almost a known name: <c>--verify-tme=30</c> would otherwise reach no setting and the
/// release would go out with the default. A run with one stops before anything runs.
/// </summary>
internal static class ArgumentTypos
{
    /// <summary>The unknown <paramref name="arguments"/> within a small edit distance of a <paramref name="known"/> name, with that name.</summary>
    public static IReadOnlyList<(string Argument, string Meant)> Find(IEnumerable<string> arguments, IReadOnlyCollection<string> known) =>
        arguments
            .Where(a => !known.Contains(a, StringComparer.OrdinalIgnoreCase))
            .Select(a => (Argument: a, Meant: NearestName.Find(a, known, MaxEdits(a))))
            .Where(t => t.Meant != null)
            .Select(t => (t.Argument, t.Meant!))
            .ToList();

    // One edit in a short name is already a different word often enough ("to" vs "tp" is a typo, "db" vs "to" is not);
    // two edits in a longer one ("max-eror-rate", "lock-wiat") are still the same setting.
    internal static int MaxEdits(string argument) => argument.Length <= 4 ? 1 : 2;

    /// <summary>The refusal for <paramref name="typos"/>: names only, never values (a value may be a secret).</summary>
    public static string Refusal(IReadOnlyList<(string Argument, string Meant)> typos) =>
        string.Join(" ", typos.Select(t => $"Argument --{t.Argument} is not a setting: did you mean --{t.Meant}?")) +
        " Nothing was run. Fix the spelling (./build.sh --help lists every setting); a task that really reads such an argument declares it with [ReadsArgument].";
}
