namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A fresh copy of this repository in a temp folder, committed to a new git repository: what a clean clone looks
/// like, so end-to-end tests never write into the working tree and see no build outputs of the developer's.
/// </summary>
internal static class RepositoryCopy
{
    // Build outputs, state and tool folders: what a clean clone does not have.
    private static readonly string[] Skipped = ["bin", "obj", "artifacts", ".deploy", ".git", "TestResults", "node_modules", ".gitlab-ci-local"];
    private static readonly Lazy<string> Copy = new(Create);

    public static string Source { get; } = FindSource();

    public static string Path => Copy.Value;

    public static void Remove()
    {
        if (Copy.IsValueCreated && Directory.Exists(Copy.Value))
            Directory.Delete(Copy.Value, recursive: true);
    }

    /// <summary>Runs a git command with a fixed identity, failing loudly when git does.</summary>
    public static void Git(string repository, params string[] arguments)
    {
        var run = ProcessRun.Start("git", ["-c", "user.name=Deploy Tests", "-c", "user.email=tests@deploy.recipes.invalid", .. arguments], repository);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {run.All}");
    }

    /// <summary>Copies this repository's sources, as a clean clone holds them, into <paramref name="target"/>.</summary>
    public static void CopySourceTo(string target) => CopyFolder(Source, target);

    /// <summary>Copies one folder of this repository (relative path), as a clean clone holds it, into <paramref name="target"/>.</summary>
    public static void CopySourceFolderTo(string relative, string target) => CopyFolder(System.IO.Path.Combine(Source, relative), target);

    private static string Create()
    {
        var target = Directory.CreateTempSubdirectory("deploy-recipes-clone-").FullName;
        CopySourceTo(target);
        Git(target, "init", "--quiet", "--initial-branch=main");
        Git(target, "add", "--all");
        Git(target, "commit", "--quiet", "--message=copy for tests");
        return target;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        // In a git worktree, .git is a file pointing at the real repository: copying it would make the copy's commit land there.
        foreach (var file in Directory.GetFiles(from).Where(f => !Skipped.Contains(System.IO.Path.GetFileName(f))))
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from))
        {
            var name = System.IO.Path.GetFileName(folder);
            if (!Skipped.Contains(name))
                CopyFolder(folder, System.IO.Path.Combine(to, name));
        }
    }

    private static string FindSource()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Deploy.Recipes.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException("Deploy.Recipes.sln not found above " + AppContext.BaseDirectory);
    }
}
