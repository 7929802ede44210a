using System.Security.Cryptography;
using System.Text;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Templates;

/// <summary>
/// The GitLab template's wiring of a fleet's credentials, run by gitlab-ci-local with environment-scoped variables as
/// a project sets them (DEPLOY_HOSTS; DEPLOY_SSH_KEY of type File; DEPLOY_KNOWN_HOSTS): each job that touches an
/// environment hands build.sh that environment's key and known-hosts as 0600 files, and removes them afterwards.
/// </summary>
/// <remarks>
/// The jobs call a recording build.sh here, which writes down how it was called (arguments, the files' modes and
/// digests, the hosts it sees): the template's part is only to call the recipe with the right inputs. The recipe's
/// own use of them is tested against real sshd servers under tests/Deploy.Recipes.Tests/Fleet.
/// </remarks>
public sealed class GitLabFleetCredentialsTests
{
    private const string StagingHosts = "deploy@127.0.0.1:2201";
    private const string ProductionHosts = "deploy@127.0.0.1:2202;deploy@127.0.0.1:2203";
    private const string StagingKnownHosts = "[127.0.0.1]:2201 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIStagingStagingStagingStagingStagingStagingSt";
    private const string ProductionKnownHosts = "[127.0.0.1]:2202 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIProductionProductionProductionProductionPr\n[127.0.0.1]:2203 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIProductionProductionProductionProductionP2";

    private static readonly string[] StagingJobs = ["deploy-staging", "smoke-staging"];
    private static readonly string[] ProductionJobs = ["deploy-production", "smoke-production", "rollback-production"];

    /// <summary>Writes one record per call to $RECORD: key=value lines, then "---".</summary>
    private const string RecordingBuildScript = """
        #!/usr/bin/env bash
        # Stands in for the recipe in the template-wiring test: records how a job called build.sh.
        set -eu
        {
          echo "job=$CI_JOB_NAME"
          echo "args=$*"
          echo "hosts=${DEPLOY_HOSTS:-}"
          echo "key-variable=${DEPLOY_SSH_KEY:+still set}"
          echo "known-hosts-variable=${DEPLOY_KNOWN_HOSTS:+still set}"
          for argument in "$@"; do
            case "$argument" in
              --ssh-key=*|--known-hosts=*)
                name=${argument%%=*}; file=${argument#*=}
                echo "${name#--}-file=$file"
                echo "${name#--}-mode=$(stat -c %a "$file")"
                echo "${name#--}-folder-mode=$(stat -c %a "$(dirname "$file")")"
                echo "${name#--}-sha256=$(sha256sum < "$file" | cut -c1-64)" ;;
            esac
          done
          echo "---"
        } >> "$RECORD"
        case "$*" in
          *--target=Package*) mkdir -p artifacts/release && echo '{}' > artifacts/release/release.json ;;
          *--target=Test*) mkdir -p artifacts/test-results && touch artifacts/test-results/none.trx ;;
          *--format=json*) echo '{ "liveRelease": "1.0.0-abcdef12" }' ;;
          *--target=SmokeTest*) [ "$CI_JOB_NAME" != smoke-production ] || { echo "smoke check failed (recorded)"; exit 1; } ;;
        esac
        """;

    [Test]
    public void Each_environment_job_hands_build_sh_its_own_environments_key_and_known_hosts_as_0600_files_and_removes_them()
    {
        using var keys = new TemporaryFolder("deploy-recipes-gitlab-keys-");
        var stagingKey = NewKey(keys, "staging");
        var productionKey = NewKey(keys, "production");
        using var project = GitLabProject.TemplateOnly(files: new Dictionary<string, string> { ["build.sh"] = RecordingBuildScript });
        var record = project.Outside("calls.txt");
        var variables = project.Outside("variables.yml");
        File.WriteAllText(variables, $"""
            DEPLOY_HOSTS:
              values:
                staging: "{StagingHosts}"
                production: "{ProductionHosts}"
            DEPLOY_SSH_KEY:
              type: file
              values:
                staging: |
            {Indent(File.ReadAllText(stagingKey), 6)}
                production: |
            {Indent(File.ReadAllText(productionKey), 6)}
            DEPLOY_KNOWN_HOSTS:
              values:
                staging: |
            {Indent(StagingKnownHosts, 6)}
                production: |
            {Indent(ProductionKnownHosts, 6)}
            """);

        // gitlab-ci-local reads the variables file relative to the project: the file lies beside it, not in it.
        var run = project.Run("--manual", "deploy-production", "--variables-file", Path.Combine("..", Path.GetFileName(variables)), "--variable", $"RECORD={record}");

        var results = GitLabProject.Results(run);
        Assert.That(results["smoke-production"], Is.EqualTo("FAIL"), run.All);
        Assert.That(results["rollback-production"], Is.EqualTo("PASS"), "the rollback ran, so its wiring is recorded too\n" + run.All);
        var calls = Calls(record);
        Assert.That(calls.Select(c => c["job"]).Distinct(), Is.SupersetOf(StagingJobs.Concat(ProductionJobs)), run.All);

        foreach (var call in calls.Where(c => StagingJobs.Contains(c["job"]) || ProductionJobs.Contains(c["job"])))
        {
            var production = ProductionJobs.Contains(call["job"]);
            var what = $"{call["job"]}: build.sh {call["args"]}";
            Assert.Multiple(() =>
            {
                Assert.That(call["args"], Does.Contain($"--ssh-key={call["ssh-key-file"]}").And.Contain($"--known-hosts={call["known-hosts-file"]}"), what);
                Assert.That(call["ssh-key-mode"], Is.EqualTo("600"), what);
                Assert.That(call["ssh-key-folder-mode"], Is.EqualTo("700"), what);
                Assert.That(call["known-hosts-mode"], Is.EqualTo("600"), what);
                Assert.That(call["ssh-key-sha256"], Is.EqualTo(Sha256(File.ReadAllText(production ? productionKey : stagingKey))), $"{what}: its environment's key");
                Assert.That(call["known-hosts-sha256"], Is.EqualTo(Sha256((production ? ProductionKnownHosts : StagingKnownHosts) + "\n")), what);
                Assert.That(call["hosts"], Is.EqualTo(production ? ProductionHosts : StagingHosts), $"{what}: DEPLOY_HOSTS reaches the recipe as `hosts`");
                Assert.That(call["key-variable"] + call["known-hosts-variable"], Is.Empty, $"{what}: the recipe sees the files, not the variables");
            });
        }

        foreach (var call in calls.Where(c => c["job"] is "release-build" or "release-test"))
        {
            Assert.That(call["args"], Does.Not.Contain("--ssh-key").And.Not.Contain("--known-hosts"), $"{call["job"]} gets no credentials");
            Assert.That(call["hosts"], Is.Empty, $"{call["job"]} runs in no environment, so the scoped hosts do not reach it");
        }

        Assert.Multiple(() =>
        {
            foreach (var file in calls.Where(c => c.ContainsKey("ssh-key-file")).Select(c => c["ssh-key-file"]).Distinct())
                Assert.That(Directory.Exists(Path.GetDirectoryName(file)), Is.False, $"{file}'s folder is removed when its job ends");
            foreach (var line in File.ReadAllLines(stagingKey).Concat(File.ReadAllLines(productionKey)).Where(l => !l.StartsWith("-----")))
                Assert.That(run.All, Does.Not.Contain(line), "no line of a private key is printed");
        });
    }

    [Test]
    public void Without_hosts_or_key_the_jobs_call_build_sh_as_before()
    {
        using var project = GitLabProject.TemplateOnly(files: new Dictionary<string, string> { ["build.sh"] = RecordingBuildScript });
        var record = project.Outside("calls.txt");

        var run = project.Run("deploy-staging", "--variable", $"RECORD={record}");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.All);
        Assert.That(Calls(record).Select(c => c["args"]), Is.EqualTo(new[]
        {
            "--target=Deploy --prebuilt", "--target=Status --verbosity=quiet",
        }));
    }

    [Test]
    public void Every_build_sh_call_of_a_job_that_touches_an_environment_gets_the_ssh_arguments()
    {
        using var project = GitLabProject.TemplateOnly();
        var list = project.Run("--list-json");
        Assert.That(list.ExitCode, Is.EqualTo(0), list.All);
        var expanded = CiTools.Yaml(project.Local("expanded-gitlab-ci.yml"));

        foreach (var job in new[] { "deploy-staging", "smoke-staging", "stop-staging", "deploy-production", "smoke-production", "rollback-production", "stop-production" })
        {
            var script = expanded.GetProperty(job).GetProperty("script").EnumerateArray().Select(e => e.GetString()!)
                .SelectMany(s => s.Split('\n')).Where(l => l.Contains("./build.sh ")).ToList();
            Assert.That(script, Is.Not.Empty.And.All.Contains("$RECIPE_SSH_ARGUMENTS"), job);
            Assert.That(expanded.GetProperty(job).GetProperty("before_script").EnumerateArray().Select(e => e.GetString()!),
                Has.Some.Contains("RECIPE_SSH_ARGUMENTS="), $"{job} writes the credentials before its first build.sh call");
            Assert.That(expanded.GetProperty(job).GetProperty("environment").GetProperty("name").GetString(), Does.StartWith("$RECIPE_"),
                $"{job} runs in its environment, so the environment-scoped variables reach it");
        }

        Assert.That(expanded.GetProperty("smoke-production").GetProperty("environment").GetProperty("action").GetString(), Is.EqualTo("verify"));
        Assert.That(expanded.GetProperty("rollback-production").GetProperty("environment").GetProperty("action").GetString(), Is.EqualTo("access"));
    }

    private static string NewKey(TemporaryFolder folder, string name)
    {
        var key = folder.Combine(name);
        var made = ProcessRun.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key], folder.Path);
        Assert.That(made.ExitCode, Is.Zero, made.All);
        return key;
    }

    private static List<Dictionary<string, string>> Calls(string record)
    {
        Assert.That(File.Exists(record), Is.True, "build.sh was called");
        var calls = new List<Dictionary<string, string>>();
        var current = new Dictionary<string, string>();
        foreach (var line in File.ReadAllLines(record))
        {
            if (line == "---")
            {
                calls.Add(current);
                current = [];
                continue;
            }

            var equals = line.IndexOf('=');
            current[line[..equals]] = line[(equals + 1)..];
        }

        return calls;
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.TrimEnd('\n').Split('\n').Select(l => new string(' ', spaces) + l));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
