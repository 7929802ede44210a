using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.EndToEnd;

/// <summary>The README's commands, run as a newcomer runs them on a fresh clone: through ./build.sh, as processes.</summary>
public sealed class BuildScriptTests
{
    private static ProcessRun BuildScript(params string[] args) =>
        ProcessRun.Start(Path.Combine(RepositoryCopy.Path, "build.sh"), args, RepositoryCopy.Path, timeout: TimeSpan.FromMinutes(5));

    [Test]
    public void Tree_prints_the_recipe_graph()
    {
        var run = BuildScript("--tree");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.All);
        Assert.That(run.Out.ReplaceLineEndings("\n"), Does.Contain(
            "Deploy\n" +
            "└── Migrate\n" +
            "    ├── Validate\n" +
            "    │   ├── RuntimeCheck\n" +
            "    │   │   └── Package\n" +
            "    │   │       └── Test\n" +
            "    │   │           └── Build\n" +
            "    │   │               └── Restore\n" +
            "    │   └── StagingClone\n" +
            "    └── Changes\n" +
            "        └── Package\n"));
        Assert.That(run.Out, Does.Contain("Pack"), "the repository's own task is in the graph too");
    }

    [Test]
    public void Deploy_dry_run_prints_the_plan_in_order_and_changes_nothing()
    {
        BuildScript("--version");
        var before = Snapshot();

        var run = BuildScript("--target=Deploy", "--dryrun");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.All);
        string[] plan = ["1. Restore", "2. Build", "3. Test", "4. Package", "5. RuntimeCheck", "6. StagingClone", "7. Validate", "8. Changes", "9. Migrate", "10. Deploy"];
        var positions = plan.Select(step => run.Out.IndexOf(step, StringComparison.Ordinal)).ToList();
        Assert.That(positions, Has.None.EqualTo(-1), run.Out);
        Assert.That(positions, Is.Ordered);
        // What changed, as far as a dry run can know it: the commits up to HEAD and the setting keys; nothing is packaged.
        var changes = run.Out[positions[7]..positions[8]];
        Assert.That(changes, Does.Contain("What changed").And.Contain("  Commits: ").And.Contain("App settings (keys only):"), run.Out);
        Assert.That(changes, Does.Contain("Artifact: not packaged yet").And.Contain("Migrations pending: unknown"), run.Out);
        Assert.That(Snapshot(), Is.EqualTo(before), "a dry run must not write a file");
    }

    [Test]
    public void An_unknown_target_exits_non_zero_naming_valid_targets_and_the_nearest()
    {
        var run = BuildScript("--target=Depoly");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("Target 'Depoly' does not exist. Did you mean 'Deploy'?").And.Contain("Valid targets:"));
    }

    [Test]
    public void Test_target_builds_and_runs_the_apps_tests()
    {
        var run = BuildScript("--target=Test");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.All);
        Assert.That(run.Out, Does.Contain("Passed!").And.Contain("Shop.Tests.dll"));
        Assert.That(Directory.GetFiles(Path.Combine(RepositoryCopy.Path, "artifacts", "test-results"), "*.trx"), Is.Not.Empty);
    }

    [Test]
    public void Promote_with_no_canary_in_progress_fails_clearly_and_changes_nothing()
    {
        BuildScript("--version");
        static bool NotAudit(string file) => !file.StartsWith(Path.Combine(".deploy", "audit"), StringComparison.Ordinal);
        var before = Snapshot().Where(NotAudit).ToList();

        var run = BuildScript("--target=Promote");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("No canary is in progress in 'local': nothing to promote"));
        Assert.That(Snapshot().Where(NotAudit), Is.EqualTo(before),
            "the refused attempt is audited, and nothing else is written");
        Assert.That(File.ReadAllText(Path.Combine(RepositoryCopy.Path, ".deploy", "audit", "local.jsonl")), Does.Contain("\"Promote\"").And.Contain("nothing to promote"));
    }

    [Test]
    public void The_build_program_is_rebuilt_only_when_an_input_changed()
    {
        var dll = Path.Combine(RepositoryCopy.Path, "build", "bin", "Release", "net10.0", "Build.dll");
        BuildScript("--version");
        var first = File.GetLastWriteTimeUtc(dll);

        BuildScript("--version");
        var unchanged = File.GetLastWriteTimeUtc(dll);
        var program = Path.Combine(RepositoryCopy.Path, "build", "Program.cs");
        File.SetLastWriteTimeUtc(program, DateTime.UtcNow);
        var rebuilt = BuildScript("--version");

        Assert.That(unchanged, Is.EqualTo(first), "nothing changed, so nothing is rebuilt");
        Assert.That(rebuilt.ExitCode, Is.EqualTo(0), rebuilt.All);
        Assert.That(File.GetLastWriteTimeUtc(dll), Is.GreaterThan(first), "a changed input rebuilds the program");
    }

    // Build outputs of the build program itself are expected to change; everything else must not.
    private static List<string> Snapshot() =>
        Directory.GetFiles(RepositoryCopy.Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}"))
            .Where(f => Path.GetFileName(f) != "deploy.lock.guard") // the lock's empty guard file stays by design (DeploymentLock)
            .Select(f => $"{Path.GetRelativePath(RepositoryCopy.Path, f)} {File.GetLastWriteTimeUtc(f).Ticks}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
