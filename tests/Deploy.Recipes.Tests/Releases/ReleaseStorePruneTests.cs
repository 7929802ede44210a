using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;
using static Deploy.Recipes.Releases.ReleaseOutcome;

namespace Deploy.Recipes.Tests.Releases;

/// <summary>
/// ReleaseStore.Prune on a real state folder: it reads every environment's releases.json and every edge's slot
/// processes, so one environment's deploys never remove what another needs.
/// </summary>
public sealed class ReleaseStorePruneTests
{
    private TemporaryFolder _state = null!;
    private ReleaseStore _store = null!;
    private List<string> _reports = null!;

    [SetUp]
    public void CreateStateFolder()
    {
        _state = new TemporaryFolder();
        _store = new ReleaseStore(_state.Combine("releases"));
        _reports = [];
    }

    [TearDown]
    public void RemoveStateFolder() => _state.Dispose();

    [Test]
    public void Pruning_after_three_staging_deploys_keeps_the_release_production_runs()
    {
        Install("p1", "s1", "s2", "s3");
        History("production", ("p1", Live));
        History("staging", ("s1", Superseded), ("s2", Superseded), ("s3", Live));

        var removed = _store.Prune(2, _reports.Add);

        Assert.That(removed, Is.EqualTo(new[] { Records.Id("s1") }));
        Assert.That(Installed(), Is.EquivalentTo(new[] { "p1", "s2", "s3" }.Select(Records.Id)));
    }

    [Test]
    public void A_release_warm_in_another_environments_slot_is_kept()
    {
        Install("p0", "p1", "s1", "s2", "s3");
        // p0 was deployed after p1 and rolled back by an operator: not a rollback target, but warm for the bake time.
        History("production", ("p1", Superseded), ("p0", RolledBack), ("p1", Live));
        History("staging", ("s1", Superseded), ("s2", Superseded), ("s3", Live));
        var warm = new SlotProcessRecord("green", 4242, DateTimeOffset.UtcNow, $"/usr/bin/dotnet {_state.Combine("releases", Records.Id("p0"), "app", "Shop.dll")}");
        Directory.CreateDirectory(_state.Combine("production", "edge"));
        File.WriteAllText(_state.Combine("production", "edge", EdgeFiles.SlotProcesses), JsonSerializer.Serialize(new[] { warm }, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        var removed = _store.Prune(1, _reports.Add);

        Assert.That(removed, Is.EquivalentTo(new[] { "s1" }.Select(Records.Id)));
        Assert.That(Installed(), Does.Contain(Records.Id("p0")));
    }

    [Test]
    public void An_unreadable_history_of_any_environment_removes_nothing_and_says_why()
    {
        Install("p1", "s1", "s2", "s3");
        History("staging", ("s1", Superseded), ("s2", Superseded), ("s3", Live));
        Directory.CreateDirectory(_state.Combine("production"));
        File.WriteAllText(_state.Combine("production", "releases.json"), "{ not json");

        var removed = _store.Prune(2, _reports.Add);

        Assert.That(removed, Is.Empty);
        Assert.That(Installed(), Has.Count.EqualTo(4));
        Assert.That(_reports.Single(), Does.Contain("No old release was removed").And.Contain(_state.Combine("production", "releases.json")));
    }

    [Test]
    public void A_copy_left_by_a_killed_install_is_removed_and_one_still_being_copied_is_not()
    {
        Install("s1");
        History("staging", ("s1", Live));
        var killed = _state.Combine("releases", $".{Records.Id("s2")}.999999.partial");
        var copying = _state.Combine("releases", $".{Records.Id("s3")}.{Environment.ProcessId}.partial");
        Directory.CreateDirectory(killed);
        Directory.CreateDirectory(copying);

        _store.Prune(2, _reports.Add);

        Assert.That(Directory.Exists(killed), Is.False);
        Assert.That(Directory.Exists(copying), Is.True);
        Assert.That(_reports.Single(), Does.Contain("left unfinished by an install that was killed (PID 999999 is gone)"));
    }

    private void Install(params string[] versions)
    {
        foreach (var version in versions)
            Directory.CreateDirectory(_state.Combine("releases", Records.Id(version), "app"));
    }

    private void History(string environment, params (string Version, string Outcome)[] records)
    {
        var history = ReleaseHistory.Load(_state.Combine(environment, "releases.json"));
        foreach (var record in Records.Of(records))
            history.Add(record);
    }

    private List<string> Installed() => Directory.GetDirectories(_state.Combine("releases")).Select(Path.GetFileName).OfType<string>().ToList();
}
