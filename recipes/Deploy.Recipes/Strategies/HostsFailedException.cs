using Deploy.Recipes.Health;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// One or more hosts failed a step of a release; the message names each failing host with its reason. The local
/// target's one host is not named: its failure is thrown as it is, with the message it always had.
/// </summary>
public sealed class HostsFailedException(IReadOnlyList<string> hosts, string message, bool checkFailed, Exception? inner)
    : Exception(message, inner)
{
    /// <summary>The hosts that failed.</summary>
    public IReadOnlyList<string> Hosts { get; } = hosts;

    /// <summary>Every failure was a release failing its checks (not the recipe failing to ask).</summary>
    public bool CheckFailed { get; } = checkFailed;

    /// <summary>The exception to throw for <paramref name="failures"/>: the only one as it is, or one naming every host.</summary>
    public static Exception Of(IReadOnlyList<(string Host, Exception Error)> failures)
    {
        if (failures is [{ Host: HostLabel.LocalName } only])
            return only.Error;
        var checkFailed = failures.All(f => f.Error is ReleaseCheckFailedException or HostsFailedException { CheckFailed: true });
        var named = string.Join("; ", failures.Select(f => $"on {f.Host}: {f.Error.Message}"));
        return new HostsFailedException(failures.Select(f => f.Host).ToList(),
            failures.Count == 1 ? $"Failed {named}" : $"{failures.Count} hosts failed: {named}", checkFailed, failures[0].Error);
    }
}
