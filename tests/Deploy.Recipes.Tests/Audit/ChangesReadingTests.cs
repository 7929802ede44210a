using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Deploy.Recipes.Audit;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>"What changed" read from a real git repository and a release history: commits, setting keys, digests, and what cannot be known.</summary>
public sealed class ChangesReadingTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] LiveSettings = ["Shop__Mode=blue", "Payments__Key=pk-live-old-8841", "Legacy=1"];
    private static readonly string[] NewSettings = ["Shop__Mode=blue", "Payments__Key=pk-live-new-5520", "Feature__Fast=true"];

    private TemporaryFolder _folder = null!;
    private ChangesGitRepository _git = null!;
    private string[] _commits = null!;

    [OneTimeSetUp]
    public void MakeRepository()
    {
        _folder = new TemporaryFolder();
        _git = new ChangesGitRepository(_folder.Combine("repo"));
        _commits =
        [
            _git.Commit("Alice", Noon, "Start the shop"),
            _git.Commit("Bob", Noon.AddHours(1), "Add orders"),
            _git.Commit("Alice", Noon.AddHours(2), "Fix totals"),
            _git.Commit("Carol", Noon.AddHours(3), "Faster checkout"),
            _git.Commit("Alice", Noon.AddHours(4), "New payment page"),
        ];
    }

    [OneTimeTearDown]
    public void RemoveRepository() => _folder.Dispose();

    [Test]
    public void The_commits_since_the_live_release_are_counted_with_authors_subjects_first_last_and_oldest_time()
    {
        var changes = Read(Live(_commits[1]), _commits[4]);

        var range = changes.Commits!;
        Assert.That(changes.Previous, Is.EqualTo("1.0.0-aaaaaaaa"));
        Assert.That(range.From, Is.EqualTo(_commits[1]));
        Assert.That(range.To, Is.EqualTo(_commits[4]));
        Assert.That(range.Count, Is.EqualTo(3));
        Assert.That(range.Authors, Is.EqualTo(new[] { "Alice", "Carol" }), "most commits first");
        Assert.That(range.Subjects, Is.EqualTo(new[] { "New payment page", "Faster checkout", "Fix totals" }), "newest first");
        Assert.That(range.First, Is.EqualTo($"{_commits[2][..12]} Fix totals"));
        Assert.That(range.Last, Is.EqualTo($"{_commits[4][..12]} New payment page"));
        Assert.That(range.OldestCommitUtc, Is.EqualTo(Noon.AddHours(2)));
        Assert.That(changes.Unknown, Is.Empty);
    }

    [Test]
    public void A_first_release_brings_all_history_and_every_setting_key_as_added()
    {
        var changes = ReleaseChangesReading.Read(_git.Folder, [], _commits[4], "new-digest", NewSettings, []);

        Assert.That(changes.Previous, Is.Null);
        Assert.That(changes.Commits!.From, Is.Null);
        Assert.That(changes.Commits.Count, Is.EqualTo(5));
        Assert.That(changes.Commits.Authors, Is.EqualTo(new[] { "Alice", "Bob", "Carol" }));
        Assert.That(changes.SettingsAdded, Is.EqualTo(new[] { "Feature__Fast", "Payments__Key", "Shop__Mode" }));
        Assert.That(ReleaseChangesText.Lines(changes)[0], Is.EqualTo("What changed: first release (nothing is live in the environment)."));
    }

    [Test]
    public void Setting_keys_added_removed_and_changed_are_told_by_name_and_no_value_reaches_the_changes()
    {
        var changes = Read(Live(_commits[1]), _commits[4]);

        Assert.That(changes.SettingsAdded, Is.EqualTo(new[] { "Feature__Fast" }));
        Assert.That(changes.SettingsRemoved, Is.EqualTo(new[] { "Legacy" }));
        Assert.That(changes.SettingsChanged, Is.EqualTo(new[] { "Payments__Key" }));
        var shown = JsonSerializer.Serialize(changes) + string.Join("\n", ReleaseChangesText.Lines(changes));
        foreach (var value in new[] { "pk-live-old-8841", "pk-live-new-5520", "blue", "true" })
            Assert.That(shown, Does.Not.Contain(value));
    }

    [Test]
    public void The_history_keeps_salted_slow_fingerprints_never_a_value_or_its_plain_hash()
    {
        var first = AppSettingFingerprints.Of(LiveSettings);
        var second = AppSettingFingerprints.Of(LiveSettings);
        var kept = JsonSerializer.Serialize(first);

        Assert.That(kept, Does.Not.Contain("pk-live-old-8841"));
        Assert.That(kept, Does.Not.Contain(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("pk-live-old-8841")))));
        Assert.That(second.Keys["Payments__Key"], Is.Not.EqualTo(first.Keys["Payments__Key"]), "each release has its own salt");
        Assert.That(first.Compare(LiveSettings).Changed, Is.Empty, "the same values compare equal under the record's salt");
    }

    [Test]
    public void The_same_commit_as_the_live_release_brings_no_commits()
    {
        var changes = Read(Live(_commits[4]), _commits[4]);

        Assert.That(changes.Commits!.Count, Is.EqualTo(0));
        Assert.That(ReleaseChangesText.Lines(changes), Has.Some.Contains("Commits: none"));
    }

    [Test]
    public void A_live_release_recorded_by_a_rollback_takes_its_commit_from_its_earlier_record()
    {
        var earlier = Live(_commits[1]) with { Outcome = ReleaseOutcome.Superseded };
        var rolledBackTo = new ReleaseRecord(earlier.Id, earlier.Version, "blue", Noon, ReleaseOutcome.Live, "rollback from 2", "ops");

        var changes = ReleaseChangesReading.Read(_git.Folder, [earlier, rolledBackTo], _commits[4], "new-digest", NewSettings, []);

        Assert.That(changes.Commits!.Count, Is.EqualTo(3));
        Assert.That(changes.PreviousDigest, Is.EqualTo("live-digest"));
        Assert.That(changes.SettingsChanged, Is.EqualTo(new[] { "Payments__Key" }));
    }

    [Test]
    public void Outside_a_git_repository_the_commits_are_unknown_and_the_plan_says_why()
    {
        using var plain = new TemporaryFolder();

        var changes = ReleaseChangesReading.Read(plain.Path, [Live(_commits[1])], _commits[4], "new-digest", NewSettings, []);

        Assert.That(changes.Commits, Is.Null);
        Assert.That(changes.Unknown, Has.Some.Contains("is not a git repository"));
        Assert.That(ReleaseChangesText.Lines(changes), Has.Some.EqualTo("  Commits: unknown"));
    }

    [Test]
    public void In_a_shallow_clone_without_the_live_commit_the_commits_are_unknown_and_the_plan_says_to_fetch_more()
    {
        var shallow = _folder.Combine("shallow-" + Guid.NewGuid().ToString("N")[..8]);
        Git("clone", "--quiet", "--depth=1", "file://" + _git.Folder, shallow);

        var changes = ReleaseChangesReading.Read(shallow, [Live(_commits[1])], _commits[4], "new-digest", NewSettings, []);

        Assert.That(changes.Commits, Is.Null);
        Assert.That(changes.Unknown, Has.Some.Contains("shallow"));
    }

    [Test]
    public void A_live_release_with_no_recorded_commit_or_fingerprints_is_said_to_be_unknown_not_guessed()
    {
        var old = new ReleaseRecord("0.9.0-bbbbbbbb", "0.9.0", "green", Noon, ReleaseOutcome.Live, null, "ops");

        var changes = ReleaseChangesReading.Read(_git.Folder, [old], _commits[4], "new-digest", NewSettings, null, "the database could not be read");

        Assert.That(changes.Commits, Is.Null);
        Assert.That(changes.SettingsAdded, Is.Empty);
        Assert.That(changes.Unknown, Has.Count.EqualTo(3));
        var lines = ReleaseChangesText.Lines(changes);
        Assert.That(lines, Has.Some.EqualTo("  Migrations pending: unknown"));
        Assert.That(lines, Has.Some.Contains("Artifact: sha256 new-digest (live: unknown)"));
    }

    [Test]
    public void Pending_migrations_and_both_digests_are_named()
    {
        var changes = ReleaseChangesReading.Read(_git.Folder, [Live(_commits[1])], _commits[4], "0123456789abcdef0123", NewSettings, ["3 AddCoupons", "4 IndexOrders"]);

        var lines = ReleaseChangesText.Lines(changes);
        Assert.That(lines, Has.Some.EqualTo("  Migrations pending: 2: 3 AddCoupons, 4 IndexOrders"));
        Assert.That(lines, Has.Some.EqualTo("  Artifact: sha256 0123456789ab (live: sha256 live-digest)"));
    }

    private ReleaseChanges Read(ReleaseRecord live, string commit) =>
        ReleaseChangesReading.Read(_git.Folder, [live], commit, "new-digest", NewSettings, []);

    private static ReleaseRecord Live(string commit) =>
        new("1.0.0-aaaaaaaa", "1.0.0", "blue", Noon, ReleaseOutcome.Live, null, "ops", Commit: commit, Digest: "live-digest",
            AppSettings: AppSettingFingerprints.Of(LiveSettings));

    private static void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var git = Process.Start(start)!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.That(git.ExitCode, Is.EqualTo(0), error);
    }
}
