using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Templates;

/// <summary>
/// A throwaway GitLab project in a temp folder: a git repository whose .gitlab-ci.yml includes
/// templates/gitlab/Deploy.gitlab-ci.yml, run with gitlab-ci-local in shell-executor mode with one folder per job
/// (--shell-isolation, so artifacts really travel between jobs as on GitLab). Staging and production get free
/// loopback ports and one shared state folder outside the repository. Disposing takes both environments down
/// (./build.sh --target=Down), ends any edge or slot process their state files still name, and removes the folder.
/// </summary>
internal sealed partial class GitLabProject : IDisposable
{
    private readonly TemporaryFolder _folder = new("deploy-recipes-gitlab-");
    private readonly bool _withRecipe;

    private GitLabProject(bool withRecipe)
    {
        _withRecipe = withRecipe;
        StagingPort = FreePort.Next();
        do ProductionPort = FreePort.Next(); while (ProductionPort == StagingPort);
        Directory.CreateDirectory(Repository);
        Directory.CreateDirectory(_folder.Combine("home"));
    }

    public string Repository => _folder.Combine("repo");

    public string State => _folder.Combine("state");

    public int StagingPort { get; }

    public int ProductionPort { get; }

    /// <summary>gitlab-ci-local's own folder in the project: artifacts, per-job folders, the expanded file.</summary>
    public string Local(params string[] parts) => Path.Combine([Repository, ".gitlab-ci-local", .. parts]);

    /// <summary>
    /// Just the template, included by a .gitlab-ci.yml: enough to list and validate the pipeline. <paramref name="files"/>
    /// adds files (path relative to the repository, content) to the commit, e.g. a build.sh for the jobs to call.
    /// </summary>
    public static GitLabProject TemplateOnly(Func<string, string>? edit = null, IReadOnlyDictionary<string, string>? files = null)
    {
        var project = new GitLabProject(false);
        foreach (var (path, content) in files ?? new Dictionary<string, string>())
        {
            var file = Path.Combine(project.Repository, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
            if (path.EndsWith(".sh", StringComparison.Ordinal))
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        File.WriteAllText(Path.Combine(project.Repository, ".gitlab-ci.yml"), "include:\n  - local: templates/gitlab/Deploy.gitlab-ci.yml\n");
        var template = File.ReadAllText(Path.Combine(CiTools.Templates, "gitlab", "Deploy.gitlab-ci.yml"));
        Directory.CreateDirectory(Path.Combine(project.Repository, "templates", "gitlab"));
        File.WriteAllText(Path.Combine(project.Repository, "templates", "gitlab", "Deploy.gitlab-ci.yml"), edit == null ? template : edit(template));
        project.Commit();
        return project;
    }

    /// <summary>
    /// A copy of this repository adopting the template as the README says, with the variables a user sets. The test
    /// overrides the production smoke job's checks through SMOKE_PRODUCTION_CHECKS, so a pipeline can make it fail.
    /// </summary>
    public static GitLabProject WithRepository()
    {
        CiTools.OnPath("rsync", "gitlab-ci-local copies the project into each job's folder with it: apt-get install rsync (.ci/run does this).");
        var project = new GitLabProject(true);
        RepositoryCopy.CopySourceTo(project.Repository);
        File.WriteAllText(Path.Combine(project.Repository, ".gitlab-ci.yml"), $"""
            include:
              - local: templates/gitlab/Deploy.gitlab-ci.yml

            variables:
              RECIPE_STAGING_PUBLIC_PORT: "{project.StagingPort}"
              RECIPE_PRODUCTION_PUBLIC_PORT: "{project.ProductionPort}"
              RECIPE_STAGING_URL: http://127.0.0.1:{project.StagingPort}/
              RECIPE_PRODUCTION_URL: http://127.0.0.1:{project.ProductionPort}/
              DEPLOY_STATE_DIRECTORY: {project.State}
              DEPLOY_VERIFY_TIME: "1"
              DEPLOY_WATCH_TIME: "0"
              SMOKE_PRODUCTION_CHECKS: /health/ready;/version;/

            smoke-production:
              variables:
                DEPLOY_SMOKE_CHECKS: $SMOKE_PRODUCTION_CHECKS
            """);

        // Every job runs ./build.sh in a fresh folder, and build.sh compiles the build program (~15 s) unless its
        // DLL is newer than its sources. Compiled once here and committed, so the nine jobs skip that; the app's
        // own Build, Test and Package still run in the pipeline's jobs.
        try
        {
            var compile = project.BuildScript("--version");
            Assert.That(compile.ExitCode, Is.EqualTo(0), compile.All);
            project.Commit("build/bin/Release");
            return project;
        }
        catch
        {
            project.Dispose();
            throw;
        }
    }

    /// <summary>A folder of this project outside the repository (for files the jobs write, or variables files).</summary>
    public string Outside(string name) => _folder.Combine(name);

    /// <summary>Runs gitlab-ci-local (a whole pipeline, or the jobs named) with <paramref name="arguments"/>.</summary>
    public ProcessRun Run(params string[] arguments) =>
        CiTools.GitLabCiLocal(Repository,
            ["--shell-executor-no-image", "--shell-isolation", "--no-color", "--home", _folder.Combine("home"), .. arguments],
            TimeSpan.FromMinutes(5));

    /// <summary>PASS or FAIL per job, from the summary gitlab-ci-local prints last.</summary>
    public static IReadOnlyDictionary<string, string> Results(ProcessRun run) =>
        JobResult().Matches(run.Out).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);

    /// <summary>An environment's release history in the shared state folder.</summary>
    public IReadOnlyList<(string Id, string Version, string Outcome)> History(string environment)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(State, environment, "releases.json")));
        return json.RootElement.EnumerateArray()
            .Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("version").GetString()!, r.GetProperty("outcome").GetString()!))
            .ToList();
    }

    public async Task<string> VersionAsync(int port)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        using var body = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/version"));
        return body.RootElement.GetProperty("version").GetString()!;
    }

    public void Dispose()
    {
        if (_withRecipe)
        {
            foreach (var (environment, port) in new[] { ("staging", StagingPort), ("production", ProductionPort) })
                TakeDown(environment, port);
        }

        _folder.Dispose();
    }

    private void TakeDown(string environment, int port)
    {
        var pids = Pids(environment);
        if (File.Exists(Path.Combine(Repository, "build.sh")))
        {
            var down = BuildScript("--target=Down", $"--environment={environment}", $"--public-port={port}", $"--state-directory={State}", "--force-unlock");
            if (down.ExitCode != 0)
                TestContext.Out.WriteLine($"Down of {environment} failed: {down.All}");
        }

        // Safety net: only the processes this project's state files name, i.e. the ones its pipelines started.
        foreach (var pid in pids.Where(IsRunning))
        {
            try
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
        }
    }

    private List<int> Pids(string environment)
    {
        var edge = Path.Combine(State, environment, "edge");
        var pids = new List<int>();
        try
        {
            if (File.Exists(Path.Combine(edge, "edge.json")))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(edge, "edge.json")));
                pids.Add(json.RootElement.GetProperty("pid").GetInt32());
            }

            if (File.Exists(Path.Combine(edge, "slot-processes.json")))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(edge, "slot-processes.json")));
                pids.AddRange(json.RootElement.EnumerateArray().Select(e => e.GetProperty("pid").GetInt32()));
            }
        }
        catch (JsonException)
        {
        }

        return pids;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private ProcessRun BuildScript(params string[] arguments) =>
        ProcessRun.Start(Path.Combine(Repository, "build.sh"), arguments, Repository, timeout: TimeSpan.FromMinutes(3));

    /// <summary>A git repository with one commit of everything, plus <paramref name="ignoredToo"/> despite .gitignore.</summary>
    private void Commit(params string[] ignoredToo)
    {
        RepositoryCopy.Git(Repository, "init", "--quiet", "--initial-branch=main");
        RepositoryCopy.Git(Repository, "add", "--all");
        foreach (var path in ignoredToo)
            RepositoryCopy.Git(Repository, "add", "--force", path);

        // gitlab-ci-local reads the project path from the remote (never contacted) and the user from git config.
        RepositoryCopy.Git(Repository, "remote", "add", "origin", "https://gitlab.example.invalid/acme/shop.git");
        RepositoryCopy.Git(Repository, "config", "user.name", "Deploy Tests");
        RepositoryCopy.Git(Repository, "config", "user.email", "tests@deploy.recipes.invalid");
        RepositoryCopy.Git(Repository, "commit", "--quiet", "--message=adopt the Deploy.Recipes GitLab template");
    }

    [GeneratedRegex(@"^\s*(PASS|FAIL)\s+(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex JobResult();
}
