using LibGit2Sharp;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>A real git repository in a folder, with commits made at known times by known authors.</summary>
internal sealed class ChangesGitRepository
{
    public ChangesGitRepository(string folder)
    {
        Repository.Init(folder);
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>Commits a new file as <paramref name="author"/> at <paramref name="time"/> (author and committer); returns its id.</summary>
    public string Commit(string author, DateTimeOffset time, string subject)
    {
        using var repo = new Repository(Folder);
        var file = Path.Combine(Folder, $"change-{repo.Commits.Count()}.txt");
        File.WriteAllText(file, subject);
        Commands.Stage(repo, file);
        var signature = new Signature(author, $"{author.ToLowerInvariant()}@example.test", time);
        return repo.Commit(subject + "\n\nbody", signature, signature).Sha;
    }
}
