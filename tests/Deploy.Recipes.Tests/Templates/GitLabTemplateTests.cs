using System.Text.Json;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Templates;

/// <summary>
/// templates/gitlab/Deploy.gitlab-ci.yml run by gitlab-ci-local: its pipeline as GitLab would list it, then real
/// pipelines on the local target (build, test, deploy and smoke-test the sample shop, manual production, rollback).
/// </summary>
public sealed class GitLabTemplateTests
{
    private static readonly string[] EnvironmentJobs =
        ["deploy-staging", "smoke-staging", "stop-staging", "deploy-production", "smoke-production", "rollback-production", "stop-production"];

    [Test]
    public void Pipeline_has_the_stages_in_order_with_a_manual_production_gate_and_a_rollback_on_failure()
    {
        using var project = GitLabProject.TemplateOnly();

        var list = project.Run("--list-json");

        Assert.That(list.ExitCode, Is.EqualTo(0), list.All);
        using var json = JsonDocument.Parse(list.Out[list.Out.IndexOf('[')..]);
        var jobs = json.RootElement.EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!, j => j.Clone());
        string[] order = ["release-build", "release-test", "deploy-staging", "smoke-staging", "deploy-production", "smoke-production", "rollback-production"];
        string[] stages = ["build", "test", "deploy-staging", "smoke-staging", "deploy-production", "smoke-production", "rollback"];
        Assert.That(order.Select(j => jobs[j].GetProperty("stage").GetString()), Is.EqualTo(stages));
        Assert.That(When(jobs["deploy-production"]), Is.EqualTo("manual"));
        Assert.That(jobs["deploy-production"].GetProperty("allow_failure").GetBoolean(), Is.False, "a blocking manual job: later stages wait for it");
        Assert.That(When(jobs["rollback-production"]), Is.EqualTo("on_failure"));
        Assert.That(When(jobs["stop-staging"]), Is.EqualTo("manual"));
        Assert.That(When(jobs["stop-production"]), Is.EqualTo("manual"));
        Assert.That(order.Where(j => j != "deploy-production" && j != "rollback-production").Select(j => When(jobs[j])), Has.All.EqualTo("on_success"));

        // What GitLab itself would run, with extends, includes and !reference resolved.
        var expanded = CiTools.Yaml(project.Local("expanded-gitlab-ci.yml"));
        Assert.That(Strings(expanded.GetProperty("release-build").GetProperty("artifacts").GetProperty("paths")), Has.Some.EndsWith("artifacts/release/"));
        Assert.That(Strings(expanded.GetProperty("release-build").GetProperty("script")), Is.EqualTo(new[]
        {
            "./build.sh --target=Build", "./build.sh --target=Package --exclusive",
        }));
        foreach (var job in EnvironmentJobs)
        {
            var production = job.EndsWith("production");
            Assert.That(expanded.GetProperty(job).GetProperty("resource_group").GetString(),
                Is.EqualTo(production ? "$RECIPE_PRODUCTION_ENVIRONMENT" : "$RECIPE_STAGING_ENVIRONMENT"), $"{job}: one job per environment at a time");
            Assert.That(expanded.GetProperty(job).GetProperty("variables").GetProperty("DEPLOY_ENVIRONMENT").GetString(),
                Is.EqualTo(production ? "$RECIPE_PRODUCTION_ENVIRONMENT" : "$RECIPE_STAGING_ENVIRONMENT"));
            Assert.That(Strings(expanded.GetProperty(job).GetProperty("before_script")), Has.Some.Contains("export DEPLOY_STATE_DIRECTORY="),
                $"{job} uses the shared state folder");
            Assert.That(Strings(expanded.GetProperty(job).GetProperty("script")), Has.None.Contains("--target=Build").And.None.Contains("--target=Package"),
                $"{job} never builds: it deploys the packaged artifact");
        }

        foreach (var job in new[] { "deploy-staging", "deploy-production" })
        {
            Assert.That(Strings(expanded.GetProperty(job).GetProperty("dependencies")), Is.EqualTo(new[] { "release-build" }));
            Assert.That(Strings(expanded.GetProperty(job).GetProperty("script")), Has.Some.StartsWith("./build.sh --target=Deploy --prebuilt"));
            Assert.That(expanded.GetProperty(job).GetProperty("environment").GetProperty("on_stop").GetString(), Is.EqualTo(job.Replace("deploy-", "stop-")));
        }

        foreach (var job in new[] { "stop-staging", "stop-production" })
        {
            Assert.That(expanded.GetProperty(job).GetProperty("environment").GetProperty("action").GetString(), Is.EqualTo("stop"));
            Assert.That(Strings(expanded.GetProperty(job).GetProperty("script")), Is.EqualTo(new[] { "./build.sh --target=Down $RECIPE_SSH_ARGUMENTS" }));
        }

        Assert.That(expanded.GetProperty("deploy-production").GetProperty("artifacts").GetProperty("reports").GetProperty("dotenv").GetString(), Is.EqualTo("rollback.env"));
        Assert.That(Strings(expanded.GetProperty("rollback-production").GetProperty("dependencies")), Is.EqualTo(new[] { "deploy-production" }));
        Assert.That(Strings(expanded.GetProperty("rollback-production").GetProperty("script")), Has.Some.Contains("./build.sh --target=Rollback --to=\"$RECIPE_ROLLBACK_TO\""),
            "the rollback goes back to the release deploy-production found live, not merely one step back");
    }

    [Test]
    public void A_broken_copy_of_the_template_is_rejected()
    {
        using var project = GitLabProject.TemplateOnly(template =>
        {
            Assert.That(template, Does.Contain("  when: manual\n  allow_failure: false"));
            return template.Replace("  when: manual\n  allow_failure: false", "  when: manaul\n  allow_failure: false");
        });

        var list = project.Run("--list-json");

        Assert.That(list.ExitCode, Is.Not.EqualTo(0), list.All);
        Assert.That(list.All, Does.Contain("found manaul").And.Contain("deploy-production.when"));
    }

    /// <summary>
    /// Two pipelines on one machine, as a team runs them: 1.0.0 goes to staging then, when the manual job is
    /// triggered, to production; 2.0.0 goes the same way but fails production's smoke test, and rollback-production
    /// puts 1.0.0 back. Finally the stop job takes staging down.
    /// </summary>
    [Test]
    public async Task Pipelines_deploy_the_packaged_release_to_staging_and_production_and_roll_back_a_failed_smoke_test()
    {
        using var project = GitLabProject.WithRepository();

        var first = project.Run("--manual", "deploy-production", "--variable", "DEPLOY_APP_VERSION=1.0.0");

        Assert.That(first.ExitCode, Is.EqualTo(0), first.All);
        Assert.That(GitLabProject.Results(first), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["release-build"] = "PASS", ["release-test"] = "PASS", ["deploy-staging"] = "PASS", ["smoke-staging"] = "PASS",
            ["deploy-production"] = "PASS", ["smoke-production"] = "PASS",
        }), first.All);
        Assert.That(await project.VersionAsync(project.StagingPort), Is.EqualTo("1.0.0"));
        Assert.That(await project.VersionAsync(project.ProductionPort), Is.EqualTo("1.0.0"));

        // The bytes release-build packaged are the ones both environments run: a release id ends with its digest.
        string release1;
        using (var manifest = JsonDocument.Parse(File.ReadAllText(project.Local("artifacts", "release-build", "artifacts", "release", "release.json"))))
            release1 = $"1.0.0-{manifest.RootElement.GetProperty("sha256").GetString()![..8]}";
        Assert.That(project.History("staging").Single(), Is.EqualTo((release1, "1.0.0", "live")));
        Assert.That(project.History("production").Single(), Is.EqualTo((release1, "1.0.0", "live")));

        Assert.That(first.Out, Does.Contain("Package: skipped, the run deploys the prebuilt artifact"), "deploy jobs do not package again");
        Assert.That(Audit(project, "production").Select(r => r.Step), Has.Member("Deploy").And.Member("SmokeTest"));
        var report = project.Local("artifacts", "smoke-production", "artifacts", "deploy-report");
        Assert.That(File.ReadAllText(Path.Combine(report, "production-status.txt")), Does.Contain("Live         1.0.0"));
        Assert.That(File.ReadAllText(Path.Combine(report, "production.jsonl")), Does.Contain("\"SmokeTest\""));

        var second = project.Run("--manual", "deploy-production", "--variable", "DEPLOY_APP_VERSION=2.0.0",
            "--variable", "SMOKE_PRODUCTION_CHECKS=/does-not-exist");

        Assert.That(second.ExitCode, Is.Not.EqualTo(0), "the pipeline failed: its release did not pass production's smoke test");
        var results = GitLabProject.Results(second);
        Assert.That(results["deploy-production"], Is.EqualTo("PASS"), second.All);
        Assert.That(results["smoke-production"], Is.EqualTo("FAIL"), second.All);
        Assert.That(results["rollback-production"], Is.EqualTo("PASS"), second.All);
        Assert.That(second.Out, Does.Contain("Smoke check /does-not-exist failed: GET /does-not-exist answered 404"));
        Assert.That(second.Out, Does.Contain("Rolled back 'production' from 2.0.0 to 1.0.0"));
        var rollback = Audit(project, "production").Single(r => r.Step == "Rollback" && r.Outcome == "started");
        Assert.That(rollback.Inputs["to"], Is.EqualTo(release1), "deploy-production handed the release live before it to the rollback job");
        Assert.That(rollback.Inputs["state-directory"], Is.EqualTo(project.State));
        Assert.That(await project.VersionAsync(project.ProductionPort), Is.EqualTo("1.0.0"));
        Assert.That(await project.VersionAsync(project.StagingPort), Is.EqualTo("2.0.0"), "staging keeps the release that passed there");
        var production = project.History("production");
        Assert.That(production.Select(r => (r.Version, r.Outcome)), Is.EqualTo(new[] { ("1.0.0", "superseded"), ("2.0.0", "rolled-back"), ("1.0.0", "live") }));

        var stop = project.Run("--manual", "stop-staging", "stop-staging");

        Assert.That(stop.ExitCode, Is.EqualTo(0), stop.All);
        Assert.ThrowsAsync<HttpRequestException>(() => project.VersionAsync(project.StagingPort));
        Assert.That(await project.VersionAsync(project.ProductionPort), Is.EqualTo("1.0.0"), "stopping staging leaves production alone");
    }

    private static List<(string Step, string Outcome, Dictionary<string, string> Inputs)> Audit(GitLabProject project, string environment) =>
        File.ReadAllLines(Path.Combine(project.State, "audit", environment + ".jsonl")).Select(line =>
        {
            using var record = JsonDocument.Parse(line);
            var inputs = record.RootElement.TryGetProperty("inputs", out var i) && i.ValueKind == JsonValueKind.Object
                ? i.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
                : [];
            return (record.RootElement.GetProperty("step").GetString()!, record.RootElement.GetProperty("outcome").GetString()!, inputs);
        }).ToList();

    private static string When(JsonElement job) => job.GetProperty("when").GetString()!;

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
