using System.Text.RegularExpressions;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Flags;

/// <summary>
/// What one Flag run asks for, from its settings: <c>--flag=NAME</c> and one of <c>--percent=N</c> (0-100),
/// <c>--users=a,b</c> (both may be given), or <c>--off</c> alone (the kill switch).
/// </summary>
/// <param name="Flag">The flag's name.</param>
/// <param name="Percent">The new share of users, or null to keep the flag's share.</param>
/// <param name="Users">The new list of named users (replacing the old list), or null to keep it.</param>
/// <param name="Off">The kill switch: off for everyone (the audience is kept for when it is turned on again).</param>
public sealed partial record FlagChange(string Flag, int? Percent, IReadOnlyList<string>? Users, bool Off)
{
    /// <summary>What a flag name may be: it becomes a configuration key, where <c>:</c> separates sections.</summary>
    public const string NameRule = "letters, digits, '.', '_' and '-', starting with a letter or digit";

    /// <summary>Reads the change from the settings; throws <see cref="RecipeUsageException"/> naming the bad value and what is valid.</summary>
    public static FlagChange From(DeploySettings settings)
    {
        var flag = settings.Flag.Trim();
        if (flag.Length == 0)
            throw new RecipeUsageException("Setting 'flag' is empty: name the feature flag to change, such as --flag=Recommendations.");
        if (!ValidName().IsMatch(flag))
            throw new RecipeUsageException($"Flag name '{flag}' is not valid: use {NameRule}.");
        if (settings.Percent is < -1 or > 100)
            throw new RecipeUsageException($"Setting 'percent' is {settings.Percent}: use a share of users from 0 to 100.");
        int? percent = settings.Percent == -1 ? null : settings.Percent;
        var users = settings.Users.Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (settings.Off)
        {
            if (percent != null || users.Count > 0)
                throw new RecipeUsageException(
                    $"--off is the kill switch and turns flag '{flag}' off for everyone; it takes no " +
                    $"{(percent != null ? $"--percent={percent}" : "")}{(percent != null && users.Count > 0 ? " or " : "")}{(users.Count > 0 ? $"--users={string.Join(",", users)}" : "")}: " +
                    "give --off alone, or --percent=N and/or --users=a,b without --off.");
            return new FlagChange(flag, null, null, Off: true);
        }

        if (percent == null && users.Count == 0)
            throw new RecipeUsageException(
                $"Nothing to change for flag '{flag}': give --percent=N (0-100), --users=a,b (on for these users whatever the share), or --off (the kill switch).");
        return new FlagChange(flag, percent, users.Count > 0 ? users : null, Off: false);
    }

    /// <summary>
    /// The flag as it is after this change is applied to <paramref name="before"/>. What the change does not name is kept
    /// from a flag that is on; a flag that is off starts from nobody, so turning it on again never brings back an
    /// audience from before its kill switch unasked.
    /// </summary>
    public FlagState ApplyTo(FlagState before)
    {
        if (Off)
            return before with { Enabled = false };
        var start = before.Enabled ? before : FlagState.Absent(before.Name);
        return start with { Enabled = true, Percent = Percent ?? start.Percent, Users = Users ?? start.Users };
    }

    /// <summary>The command line that asked for it, for messages.</summary>
    public string Describe() => Off
        ? $"--flag={Flag} --off"
        : $"--flag={Flag}{(Percent is { } p ? $" --percent={p}" : "")}{(Users is { } u ? $" --users={string.Join(",", u)}" : "")}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ValidName();
}
