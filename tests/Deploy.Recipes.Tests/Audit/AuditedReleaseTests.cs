using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>
/// One real Deploy through ./build.sh (the EF Core scenario app on a throwaway PostgreSQL server reached with a
/// password, an app setting holding an API key, the three notification channels pointed at a loopback receiver with a
/// signing secret), then: VerifyAudit passes on the trail it left and fails naming the line on edited, shortened and
/// cut copies of it; and no secret value appears in any console output, audit record, state file, report or request
/// the channels sent.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AuditedReleaseTests
{
    private const string App = "--app=tests/EfScenarioApp.Ef10/EfScenarioApp.Ef10.csproj";
    private const string Environment = "staging";

    private readonly List<(string Name, ProcessRun Run)> _runs = [];
    private readonly Dictionary<string, string> _secrets = [];
    private ThrowawayPostgres _postgres = null!;
    private LoopbackReceiver _receiver = null!;
    private LoopbackGitHub _github = null!;
    private TemporaryFolder _state = null!;
    private TemporaryFolder _reports = null!;
    private int _port;
    private string _slackToken = null!;
    private string _teamsToken = null!;

    private static string Script => Path.Combine(RepositoryCopy.Path, "build.sh");

    private string Trail => _state.Combine("audit", Environment + ".jsonl");

    [OneTimeSetUp]
    public void DeployOnce()
    {
        var clock = Stopwatch.StartNew();
        _state = new TemporaryFolder("deploy-audited-state-");
        _reports = new TemporaryFolder("deploy-audited-reports-");
        _receiver = new LoopbackReceiver(_ => new ReceiverAnswer(200, "ok"));
        _postgres = ThrowawayPostgres.Start();
        _port = FreePort.Next();
        var apiKey = "ak-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        _slackToken = RandomNumberGenerator.GetHexString(24, lowercase: true);
        _teamsToken = RandomNumberGenerator.GetHexString(24, lowercase: true);
        _github = new LoopbackGitHub("octo", "shop", "ghs_" + RandomNumberGenerator.GetHexString(36, lowercase: true));
        _secrets["the app setting Payment__ApiKey"] = apiKey;
        _secrets["the database password"] = _postgres.Password;
        _secrets["the webhook secret"] = "whsec_" + signingKey;
        _secrets["the webhook secret's key"] = signingKey;
        _secrets["the Slack URL's token"] = _slackToken;
        _secrets["the Teams URL's token"] = _teamsToken;
        _secrets["the GitHub token"] = _github.Token;
        var connection = _postgres.CreateDatabase("notes");

        Run("Package", "--target=Package", "--exclusive", App, "--app-version=audited-1", "--artifacts=artifacts/audited");
        Run("Deploy",
            "--target=Deploy", "--prebuilt", App, "--artifacts=artifacts/audited", $"--environment={Environment}", $"--public-port={_port}",
            $"--state-directory={_state.Path}", $"--report-directory={_reports.Path}", "--verify-time=1", "--watch-time=0",
            "--database=postgres", $"--database-connection={connection}", "--db-context=NotesContext",
            $"--app-settings=ConnectionStrings__Notes={{database}};Notes__Provider=postgres;Payment__ApiKey={apiKey}",
            $"--notify-webhook={new Uri(_receiver.Url, "hooks/deploys")}", $"--notify-webhook-secret=whsec_{signingKey}",
            $"--notify-slack={new Uri(_receiver.Url, "services/T000/B000/" + _slackToken)}", $"--notify-teams={new Uri(_receiver.Url, "workflows/" + _teamsToken)}",
            $"--github-token={_github.Token}", "--github-repository=octo/shop", $"--github-api-url={_github.Url}");
        Run("Status", "--target=Status", $"--environment={Environment}", $"--public-port={_port}", $"--state-directory={_state.Path}");
        Run("VerifyAudit", "--target=VerifyAudit", $"--environment={Environment}", $"--state-directory={_state.Path}");
        TestContext.Progress.WriteLine($"AuditedReleaseTests: package, deploy, status and verify took {clock.Elapsed.TotalSeconds:0} s");
    }

    [OneTimeTearDown]
    public void TakeDown()
    {
        if (_state != null)
        {
            var pids = RunningPids();
            ProcessRun.Start(Script, ["--target=Down", "--force-unlock", $"--environment={Environment}", $"--public-port={_port}", $"--state-directory={_state.Path}"],
                RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(3));
            foreach (var pid in pids.Where(TestEnvironment.IsRunning))
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

        _receiver?.Dispose();
        _github?.Dispose();
        _postgres?.Dispose();
        _state?.Dispose();
        _reports?.Dispose();
    }

    [Test]
    public void The_deploy_goes_live_and_VerifyAudit_finds_its_trail_intact()
    {
        var deploy = RunNamed("Deploy");
        var verify = RunNamed("VerifyAudit");
        var lines = File.ReadAllLines(Trail).Length;

        Assert.That(deploy.ExitCode, Is.Zero, deploy.All);
        Assert.That(verify.ExitCode, Is.Zero, verify.All);
        Assert.That(verify.Out, Does.Contain($"{lines} records, chain intact (lines 1-{lines})"));
    }

    [Test]
    public void VerifyAudit_names_the_line_of_an_edited_record()
    {
        using var copy = CopyOfTrail(lines =>
        {
            var edited = lines.FindIndex(l => l.Contains("\"outcome\":\"succeeded\"", StringComparison.Ordinal));
            lines[edited] = lines[edited].Replace("\"outcome\":\"succeeded\"", "\"outcome\":\"failed\"", StringComparison.Ordinal);
            return (lines, edited + 1);
        }, out var line);

        var verify = VerifyCopy(copy);

        Assert.That(verify.ExitCode, Is.Not.Zero, verify.All);
        Assert.That(verify.Error, Does.Contain($"broken at line {line}: line {line} was changed"));
    }

    [Test]
    public void VerifyAudit_names_the_line_where_a_record_was_removed()
    {
        using var copy = CopyOfTrail(lines =>
        {
            lines.RemoveAt(4);
            return (lines, 5);
        }, out var line);

        var verify = VerifyCopy(copy);

        Assert.That(verify.ExitCode, Is.Not.Zero, verify.All);
        Assert.That(verify.Error, Does.Contain($"broken at line {line}: 1 record(s) missing before this line").And.Contain("Expected sequence 5; found sequence 6"));
    }

    [Test]
    public void VerifyAudit_names_the_cut_line_of_a_file_truncated_mid_line()
    {
        using var copy = new TemporaryFolder("deploy-audited-copy-");
        var lines = File.ReadAllLines(Trail).Length;
        CopyAnchor(copy);
        var bytes = File.ReadAllBytes(Trail);
        File.WriteAllBytes(copy.Combine("audit", Environment + ".jsonl"), bytes[..^15]);

        var verify = VerifyCopy(copy);

        Assert.That(verify.ExitCode, Is.Not.Zero, verify.All);
        Assert.That(verify.Error, Does.Contain($"broken at line {lines}: the line is cut off"));
    }

    [Test]
    public void VerifyAudit_names_the_first_missing_line_when_whole_lines_were_cut_from_the_end()
    {
        using var copy = CopyOfTrail(lines =>
        {
            var kept = lines.Count - 3;
            return (lines.Take(kept).ToList(), kept + 1);
        }, out var line);

        var verify = VerifyCopy(copy);

        Assert.That(verify.ExitCode, Is.Not.Zero, verify.All);
        Assert.That(verify.Error, Does.Contain($"broken at line {line}: 3 record(s) missing at the end"));
    }

    [Test]
    public void No_secret_appears_in_any_console_output_audit_record_state_file_report_or_notification()
    {
        var outputs = new List<(string Where, byte[] Content)>();
        outputs.AddRange(_runs.Select(r => ($"the console of {r.Name}", Encoding.UTF8.GetBytes(r.Run.All))));
        // Nothing under the state folder is excluded: the app gets its settings in its process environment from the edge,
        // which keeps them in memory; no file the recipe writes (history, audit, anchor, edge and slot logs, timeline,
        // releases, backups) holds one.
        outputs.AddRange(FilesUnder(_state.Path, "state"));
        outputs.AddRange(FilesUnder(_reports.Path, "reports"));
        var requests = _receiver.Requests;
        // A channel's URL is where its token lives: the request line is checked for every other secret.
        outputs.AddRange(requests.Select(r => ($"the request {r.Method} {Redacted(r.Path)}", Request(r, Redacted(r.Path), _ => true))));
        // GitHub's token is sent as the Authorization header, as the API requires: every other header and the bodies are checked.
        var github = _github.Requests;
        outputs.AddRange(github.Select(r => ($"the GitHub request {r.Method} {r.Path}", Request(r, r.Path, header => header != "authorization"))));

        var leaks = Leaks(outputs);
        // The search itself is checked where a secret must be: GitHub's Authorization header carries the token.
        var control = Leaks(github.Select(r => ("GitHub's request with its headers", Request(r, r.Path, _ => true))));
        TestContext.Out.WriteLine($"searched {outputs.Count} outputs ({outputs.Sum(o => o.Content.Length) / 1024} KiB) for {_secrets.Count} secret values; {requests.Count} channel and {github.Count} GitHub requests recorded");
        // Every check reported at once: a missing channel or report and a leak are different fixes.
        Assert.Multiple(() =>
        {
            Assert.That(RunNamed("Deploy").ExitCode, Is.Zero, RunNamed("Deploy").All);
            Assert.That(File.ReadAllText(Trail), Does.Contain("Payment__ApiKey=***"), "the audit records the settings, redacted");
            Assert.That(requests.Where(r => r.Path == "/hooks/deploys").Select(r => r.Text), Is.Not.Empty.And.All.Not.Empty, "the webhook was told");
            Assert.That(requests.Where(r => r.Path.Contains(_slackToken, StringComparison.Ordinal)), Is.Not.Empty, "Slack was told");
            Assert.That(requests.Where(r => r.Path.Contains(_teamsToken, StringComparison.Ordinal)), Is.Not.Empty, "Teams was told");
            Assert.That(_github.Deployments, Is.Not.Empty, "GitHub was told");
            Assert.That(Directory.GetFiles(_reports.Path, "*.html", SearchOption.AllDirectories).Select(File.ReadAllText), Is.Not.Empty.And.All.Not.Empty, "an HTML report was written");
            Assert.That(Directory.GetFiles(_reports.Path, "*.md", SearchOption.AllDirectories).Select(File.ReadAllText), Is.Not.Empty.And.All.Not.Empty, "a Markdown report was written");
            Assert.That(control, Does.Contain("the GitHub token in GitHub's request with its headers"), "the search finds a secret that is there");
            Assert.That(leaks, Is.Empty);
        });
    }

    private ProcessRun Run(string name, params string[] arguments)
    {
        var run = ProcessRun.Start(Script, arguments, RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(6));
        _runs.Add((name, run));
        return run;
    }

    private ProcessRun RunNamed(string name) => _runs.Single(r => r.Name == name).Run;

    private ProcessRun VerifyCopy(TemporaryFolder copy)
    {
        var run = Run("VerifyAudit of a copy", "--target=VerifyAudit", $"--environment={Environment}", $"--state-directory={copy.Path}");
        return run;
    }

    private TemporaryFolder CopyOfTrail(Func<List<string>, (List<string> Lines, int Line)> change, out int line)
    {
        var copy = new TemporaryFolder("deploy-audited-copy-");
        CopyAnchor(copy);
        var (lines, named) = change(File.ReadAllLines(Trail).ToList());
        File.WriteAllText(copy.Combine("audit", Environment + ".jsonl"), string.Concat(lines.Select(l => l + "\n")));
        line = named;
        return copy;
    }

    private void CopyAnchor(TemporaryFolder copy)
    {
        Directory.CreateDirectory(copy.Combine("audit"));
        var anchor = AuditAnchor.PathOf(Trail);
        File.Copy(anchor, copy.Combine("audit", Path.GetFileName(anchor)));
    }

    private string Redacted(string path) => path.Replace(_slackToken, "<slack-token>", StringComparison.Ordinal).Replace(_teamsToken, "<teams-token>", StringComparison.Ordinal);

    private List<string> Leaks(IEnumerable<(string Where, byte[] Content)> outputs) =>
        (from output in outputs
         from secret in _secrets
         where output.Content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret.Value)) >= 0
         select $"{secret.Key} in {output.Where}").Distinct().ToList();

    private static byte[] Request(ReceivedRequest request, string path, Func<string, bool> header) =>
        [.. Encoding.UTF8.GetBytes($"{request.Method} {path}{request.Query}\n{string.Join("\n", request.Headers.Where(h => header(h.Key)).Select(h => $"{h.Key}: {h.Value}"))}\n\n"), .. request.Body];

    private static IEnumerable<(string Where, byte[] Content)> FilesUnder(string folder, string label) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => ($"{label}/{Path.GetRelativePath(folder, file)}", File.ReadAllBytes(file)));

    private List<int> RunningPids()
    {
        var pids = new List<int>();
        var edge = _state.Combine(Environment, "edge");
        foreach (var file in new[] { Path.Combine(edge, "edge.json"), Path.Combine(edge, "slot-processes.json") }.Where(File.Exists))
        {
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), "\"pid\"\\s*:\\s*(\\d+)"))
                pids.Add(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        return pids;
    }
}
