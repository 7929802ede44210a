using Deploy.Recipes.Audit;
using LibGit2Sharp;

namespace Deploy.Recipes.Releases;

/// <summary>One commit as "what changed" and DORA's lead time see it.</summary>
/// <param name="Sha">Its full id.</param>
/// <param name="Author">Its author's name.</param>
/// <param name="Subject">Its subject line.</param>
/// <param name="CommittedUtc">Its committer time: when the change was in the branch, where lead time starts.</param>
public sealed record GitCommit(string Sha, string Author, string Subject, DateTimeOffset CommittedUtc);

/// <summary>
/// The commits between two releases, read in-process with LibGit2Sharp (no git binary needed on the machine running the
/// recipe). When they cannot be known (not a git repository, a commit missing from a shallow clone or a rewritten
/// history) the answer is null with the reason, never a guess: a count taken from a truncated history would be wrong.
/// </summary>
public static class GitCommits
{
    /// <summary>How many subject lines a <see cref="CommitRange"/> keeps.</summary>
    public const int MaxSubjects = 20;

    /// <summary>
    /// The commits reachable from <paramref name="to"/> and not from <paramref name="from"/> (all history up to
    /// <paramref name="to"/> when <paramref name="from"/> is null), newest first; null with <paramref name="unknown"/>
    /// saying why when they cannot be known from <paramref name="repository"/>.
    /// </summary>
    public static IReadOnlyList<GitCommit>? Between(string repository, string? from, string to, out string? unknown)
    {
        unknown = null;
        string? gitFolder;
        try
        {
            gitFolder = Repository.Discover(repository);
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException)
        {
            gitFolder = null;
        }

        if (gitFolder == null)
        {
            unknown = $"{repository} is not a git repository";
            return null;
        }

        try
        {
            using var repo = new Repository(gitFolder);
            var toCommit = repo.Lookup<Commit>(to);
            if (toCommit == null)
            {
                unknown = $"commit {Short(to)} is not in the repository{ShallowHint(repo)}";
                return null;
            }

            Commit? fromCommit = null;
            if (from != null)
            {
                fromCommit = repo.Lookup<Commit>(from);
                if (fromCommit == null)
                {
                    unknown = $"the live release's commit {Short(from)} is not in the repository{ShallowHint(repo)}";
                    return null;
                }
            }
            else if (repo.Info.IsShallow)
            {
                // A first release brings all history, and a shallow clone holds only its tip.
                unknown = "the clone is shallow, so the whole history a first release brings is not there (fetch with fetch-depth: 0)";
                return null;
            }

            var filter = new CommitFilter
            {
                IncludeReachableFrom = toCommit,
                ExcludeReachableFrom = fromCommit,
                SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time,
            };
            return repo.Commits.QueryBy(filter)
                .Select(c => new GitCommit(c.Sha, c.Author.Name, c.MessageShort, c.Committer.When.ToUniversalTime()))
                .ToList();
        }
        catch (LibGit2SharpException e)
        {
            unknown = $"git could not be read: {e.Message}";
            return null;
        }
    }

    /// <summary>The range as the audit and notifications carry it: counts, authors (most commits first), subjects, first and last.</summary>
    public static CommitRange Summarize(string? from, string to, IReadOnlyList<GitCommit> newestFirst)
    {
        var authors = newestFirst.GroupBy(c => c.Author, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        var oldest = newestFirst.Count == 0 ? null : newestFirst[^1];
        var newest = newestFirst.Count == 0 ? null : newestFirst[0];
        return new CommitRange(from, to, newestFirst.Count, authors, newestFirst.Take(MaxSubjects).Select(c => c.Subject).ToList(),
            oldest == null ? null : $"{Short(oldest.Sha)} {oldest.Subject}",
            newest == null ? null : $"{Short(newest.Sha)} {newest.Subject}",
            newestFirst.Count == 0 ? null : newestFirst.Min(c => c.CommittedUtc));
    }

    /// <summary>A commit id as people read it (12 hex digits).</summary>
    public static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string ShallowHint(Repository repo) =>
        repo.Info.IsShallow ? " (the clone is shallow: fetch with fetch-depth: 0)" : " (history rewritten, or not fetched)";
}
