using System.Text.Json;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>
/// --target=Dora run in-process over a real git repository with commits at known times and a scripted audit trail;
/// the expected figures are worked out by hand below.
/// </summary>
public sealed class DoraTaskTests
{
    private TemporaryFolder _folder = null!;

    [OneTimeSetUp]
    public void ScriptHistory()
    {
        _folder = new TemporaryFolder();
        var git = new ChangesGitRepository(_folder.Path);
        // Whole seconds: git keeps commit times to the second.
        var b = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-9).ToUnixTimeSeconds());
        var c1 = git.Commit("Alice", b, "Start");                           // b
        var c2 = git.Commit("Bob", b.AddHours(6), "Orders");                // b + 6 h
        var c3 = git.Commit("Alice", b.AddDays(1), "Totals");               // b + 24 h
        var c4 = git.Commit("Alice", b.AddDays(2.5), "Checkout");           // b + 60 h
        _ = c1;

        // R1 live at b + 12 h with c1, c2: lead times 12 h and 6 h.
        // R2 failed at b + 34 h 30 min, switched back 10 min later: recovery 10 min.
        // R3 live at b + 66 h with c3, c4 (c2..c4): lead times 66 - 24 = 42 h and 66 - 60 = 6 h.
        string[] lines =
        [
            Line("started", "1.0.0-r1", b.AddHours(10), (null, c2)),
            Line("succeeded", "1.0.0-r1", b.AddHours(12)),
            Line("started", "1.1.0-r2", b.AddHours(34), (c2, c3)),
            Line("failed", "1.1.0-r2", b.AddHours(34.5)),
            Line("switched-back", "1.1.0-r2", b.AddHours(34).AddMinutes(40)),
            Line("started", "1.2.0-r3", b.AddHours(48), (c2, c4)),
            Line("succeeded", "1.2.0-r3", b.AddHours(66)),
        ];
        var audit = Path.Combine(_folder.Path, ".deploy", "audit", "local.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(audit)!);
        File.WriteAllLines(audit, lines);
    }

    [OneTimeTearDown]
    public void Remove() => _folder.Dispose();

    [Test]
    public void Dora_prints_the_hand_computed_figures_and_tiers_as_json()
    {
        var (exit, console) = InProcessRecipe.Run(_folder.Path, "--target=Dora", "--since=30d", "--format=json", "--verbosity=quiet");

        Assert.That(exit, Is.EqualTo(0), console.All);
        using var json = JsonDocument.Parse(console.Out);
        var root = json.RootElement;
        // 2 deployments (R1, R3) over 30 days: 2 / 30 * 7 = 0.4667 a week; at least once a month, not once a week: medium.
        Assert.That(root.GetProperty("deploymentFrequency").GetProperty("deployments").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("deploymentFrequency").GetProperty("perWeek").GetDouble(), Is.EqualTo(0.4667));
        Assert.That(root.GetProperty("deploymentFrequency").GetProperty("tier").GetString(), Is.EqualTo("medium"));
        // Lead times 6, 6, 12, 42 h: median (6 + 12) / 2 = 9 h = 32400 s, under a day: elite.
        Assert.That(root.GetProperty("leadTime").GetProperty("medianSeconds").GetDouble(), Is.EqualTo(32400));
        Assert.That(root.GetProperty("leadTime").GetProperty("commits").GetInt32(), Is.EqualTo(4));
        Assert.That(root.GetProperty("leadTime").GetProperty("tier").GetString(), Is.EqualTo("elite"));
        // 1 failed (R2) of 3 ended: 0.3333, above 15%: low.
        Assert.That(root.GetProperty("changeFailureRate").GetProperty("rate").GetDouble(), Is.EqualTo(0.3333));
        Assert.That(root.GetProperty("changeFailureRate").GetProperty("tier").GetString(), Is.EqualTo("low"));
        // One recovery of 10 min = 600 s, under an hour: elite.
        Assert.That(root.GetProperty("timeToRestore").GetProperty("medianSeconds").GetDouble(), Is.EqualTo(600));
        Assert.That(root.GetProperty("timeToRestore").GetProperty("tier").GetString(), Is.EqualTo("elite"));
    }

    [Test]
    public void Dora_prints_the_same_figures_as_text_with_their_tiers()
    {
        var (exit, console) = InProcessRecipe.Run(_folder.Path, "--target=Dora", "--since=30d");

        Assert.That(exit, Is.EqualTo(0), console.All);
        Assert.That(console.Out, Does.Contain("Deployment frequency:   0.47 per week (2 deployments)  [medium]"));
        Assert.That(console.Out, Does.Contain("Lead time for changes:  9 h median over 4 commits  [elite]"));
        Assert.That(console.Out, Does.Contain("Change failure rate:    33.3% (1 of 3 releases)  [low]"));
        Assert.That(console.Out, Does.Contain("Time to restore:        10 min median over 1 failures  [elite]"));
    }

    [Test]
    public void A_since_that_is_no_window_is_refused_naming_the_setting_and_valid_forms()
    {
        var (exit, console) = InProcessRecipe.Run(_folder.Path, "--target=Dora", "--since=lately");

        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(console.Error, Does.Contain("Setting 'since' is 'lately'"));
        Assert.That(console.Error, Does.Contain("90d"));
    }

    private static string Line(string kind, string release, DateTimeOffset time, (string? From, string To)? range = null)
    {
        var inputs = new Dictionary<string, string> { ["version"] = release[..5] };
        if (range is { } r)
            inputs["changes"] = JsonSerializer.Serialize(
                new ReleaseChanges(null, new CommitRange(r.From, r.To, 0, [], [], null, null, null), [], [], [], [], "digest", null),
                new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return JsonSerializer.Serialize(new AuditRecord(time, "ci", "local", release, "Release/" + kind, kind, null, $"{release} {kind}", inputs),
            new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }
}
