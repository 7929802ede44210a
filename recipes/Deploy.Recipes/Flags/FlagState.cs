namespace Deploy.Recipes.Flags;

/// <summary>
/// One feature flag as the running releases see it: off for everyone, or on for a share of users (by a stable hash of
/// the user id, Microsoft.Targeting's <c>DefaultRolloutPercentage</c>) plus named users whatever the share.
/// </summary>
/// <param name="Name">The flag's name.</param>
/// <param name="Enabled">False: off for everyone (the kill switch).</param>
/// <param name="Percent">The share of users (0-100) it is on for while enabled.</param>
/// <param name="Users">Users it is on for while enabled, whatever <paramref name="Percent"/>.</param>
public sealed record FlagState(string Name, bool Enabled, int Percent, IReadOnlyList<string> Users)
{
    /// <summary>A flag the file does not name: Microsoft.FeatureManagement takes it as off.</summary>
    public static FlagState Absent(string name) => new(name, false, 0, []);

    /// <summary>The share of users that gets the feature, counting the kill switch (0 when off).</summary>
    public int EffectivePercent => Enabled ? Percent : 0;

    /// <summary>
    /// True when <paramref name="after"/> gives the feature to someone <paramref name="before"/> did not: a larger share,
    /// or a user not named before (while on). Such a change is followed by an analysis window; others are not.
    /// </summary>
    public static bool Widens(FlagState before, FlagState after)
    {
        if (!after.Enabled)
            return false;
        if (!before.Enabled)
            return after.Percent > 0 || after.Users.Count > 0;
        return after.Percent > before.Percent || after.Users.Except(before.Users, StringComparer.Ordinal).Any();
    }

    /// <summary>
    /// Whether two states give the feature to the same users. Two kill-switched states are the same, whatever
    /// audience each keeps for when it is turned on again.
    /// </summary>
    public bool SameAs(FlagState other) =>
        Name == other.Name && Enabled == other.Enabled &&
        (!Enabled || Percent == other.Percent && Users.SequenceEqual(other.Users, StringComparer.Ordinal));

    /// <summary>"off", "on for 10% of users", "on for 10% of users and alice, bob", "on for alice", "on for everyone" (100%: the named users are in it).</summary>
    public string Describe()
    {
        if (!Enabled)
            return "off";
        if (Percent >= 100)
            return "on for everyone";
        var share = Percent > 0 ? $"{Percent}% of users" : null;
        var named = Users.Count == 0 ? null : string.Join(", ", Users);
        return (share, named) switch
        {
            (null, null) => "on for nobody (0% and no users)",
            (not null, null) => $"on for {share}",
            (null, not null) => $"on for {named}",
            _ => $"on for {share} and {named}",
        };
    }
}
