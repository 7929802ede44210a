namespace Deploy.Recipes.Edge.Contract;

/// <summary>
/// Environment variables a CI runner gives a job and must never reach the edge or a release: a self-hosted GitHub
/// Actions runner ends, after each job, every process whose environment carries the job's <c>RUNNER_TRACKING_ID</c>
/// (actions/runner #598), and GitLab's job variables (<c>CI_*</c>, <c>GITLAB_*</c>: job id, job token, builds folder...)
/// tie a process to one job and carry that job's token. Long-lived processes start without them.
/// </summary>
public static class CiJobVariables
{
    /// <summary>Exact names removed.</summary>
    public static readonly IReadOnlyList<string> Names = ["RUNNER_TRACKING_ID", "CI", "GITLAB_CI"];

    /// <summary>Name prefixes removed: GitLab's predefined job variables.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["CI_", "GITLAB_"];

    /// <summary>Whether <paramref name="name"/> is a CI job variable that a long-lived process must not inherit.</summary>
    public static bool IsJobVariable(string name) =>
        Names.Contains(name, StringComparer.Ordinal) || Prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Removes every CI job variable from <paramref name="environment"/> (e.g. a ProcessStartInfo's); returns the names removed.</summary>
    public static IReadOnlyList<string> RemoveFrom(IDictionary<string, string?> environment)
    {
        var removed = environment.Keys.Where(IsJobVariable).ToList();
        foreach (var name in removed)
            environment.Remove(name);
        return removed;
    }
}
