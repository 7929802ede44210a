using Cake.Core;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Hosting;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Tasks;

/// <summary>
/// The environment's DORA figures over the <c>since</c> window, from its audit trail and the repository's commits
/// (<see cref="DoraComputation"/> says what counts); <c>--format=json</c> for scripts. Reads only.
/// </summary>
[TaskName("Dora")]
[TaskDescription("DORA metrics from the audit and git: deployment frequency, lead time, change failure rate, time to restore, each with its tier (--since=90d, --format=json).")]
public sealed class DoraTask(IConsole console) : RecipeTask<DeployContext>
{
    /// <inheritdoc />
    public override void Run(DeployContext context)
    {
        if (!DoraComputation.TryParseSince(context.Settings.Since, out var window))
            throw new RecipeUsageException(
                $"Setting 'since' is '{context.Settings.Since}': use how far back to look, such as 90d (days), 12w (weeks) or 720h.");
        var now = DateTimeOffset.UtcNow;
        var ranges = new Dictionary<(string?, string), IReadOnlyList<GitCommit>?>();
        IReadOnlyList<GitCommit>? Commits(CommitRange range)
        {
            if (!ranges.TryGetValue((range.From, range.To), out var found))
                ranges[(range.From, range.To)] = found = GitCommits.Between(context.Repository, range.From, range.To, out _);
            return found;
        }

        var metrics = DoraComputation.Compute(context.Settings.Environment, context.Audit.Tail(int.MaxValue), Commits, now - window, now);
        // Through the console, not the log, so `--format=json -v quiet` is JSON alone.
        console.Write(context.Settings.Format == OutputFormat.Json ? DoraPrinting.ToJson(metrics) + "\n" : DoraPrinting.ToText(metrics));
    }
}
