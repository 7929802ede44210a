using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// Backends across an edge crash and an orderly shutdown. Before the kill: blue's backend live (100%) with a stop
/// scheduled in an hour, green's backend warm. The edge is SIGKILLed; while no edge runs, green's app crashes (the test
/// kills it). A new edge starts on the same state folder, then is shut down with POST /admin/shutdown, as Down does.
/// </summary>
[TestFixture]
public sealed class EdgeBackendRecoveryTests
{
    private EdgeUnderTest _first = null!;
    private EdgeUnderTest? _second;
    private OutsideRelease _blue = null!;
    private OutsideRelease _green = null!;
    private OutsideRelease _beingStopped = null!;
    private DateTimeOffset _stopAt;
    private int _bluePid;
    private bool _blueRunningAfterKill;
    private EdgeState _stateAfter = null!;
    private (HttpStatusCode Status, string? ServedBy) _customerAfter;
    private EdgeSavedState _savedAfter = null!;
    private IReadOnlyList<string> _blueStopRunsBeforeShutdown = null!;
    private int? _shutdownExitCode;

    [OneTimeSetUp]
    public async Task KillTheEdgeStartAnotherAndShutItDown()
    {
        _first = await EdgeUnderTest.StartAsync();
        _blue = new OutsideRelease("shop-test-blue-r1").Start();
        _green = new OutsideRelease("shop-test-green-r2").Start();
        _beingStopped = new OutsideRelease("shop-test-green-r0").Start();
        await Task.WhenAll(AttachAsync("blue", _blue.Request("r1", "1.0.0")), AttachAsync("green", _green.Request("r2", "2.0.0")));
        await Task.WhenAll(_first.WaitForSlotAsync("blue", SlotStatus.Running), _first.WaitForSlotAsync("green", SlotStatus.Running));
        _bluePid = _blue.Pid;
        await _first.SetTrafficAsync(blue: 100, green: 0);
        _stopAt = DateTimeOffset.UtcNow.AddHours(1);
        using (var scheduled = await _first.Admin.PutAsJsonAsync("admin/slots/blue/stop-at", new StopAt(_stopAt, 5), EdgeUnderTest.Json))
            Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        _first.Process.Kill(); // SIGKILL the edge alone
        Assert.That(await _first.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.Not.Null);
        _blueRunningAfterKill = _blue.IsRunning;
        _green.Crash();
        AddRecordOfAStopUnderWay();

        _second = await EdgeUnderTest.StartAsync(_first.StateDirectory, _first.Token, _first.PublicPort);
        _stateAfter = await _second.StateAsync();
        using (var response = await _second.Public.GetAsync("shop"))
            _customerAfter = (response.StatusCode, response.Headers.TryGetValues(EdgeFiles.ServedByHeader, out var by) ? by.Single() : null);
        _savedAfter = JsonSerializer.Deserialize<EdgeSavedState>(File.ReadAllText(Path.Combine(_first.StateDirectory, EdgeFiles.State)), EdgeUnderTest.Json)!;

        _blueStopRunsBeforeShutdown = _blue.StopRuns;
        await _second.SetTrafficAsync(blue: 0, green: 0);
        using (var shutdown = await _second.Admin.PostAsync("admin/shutdown", null))
            Assert.That(shutdown.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        _shutdownExitCode = await _second.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task EndEdgesAndReleases()
    {
        if (_second != null)
            await _second.DisposeAsync();
        await _first.DisposeAsync();
        _blue.Dispose();
        _green.Dispose();
        _beingStopped.Dispose();
    }

    [Test]
    public void A_killed_edge_leaves_its_backends_running()
    {
        Assert.That(_blueRunningAfterKill, Is.True);
        Assert.That(_blueStopRunsBeforeShutdown, Is.Empty, "neither edge ran blue's stop command before the shutdown");
    }

    [Test]
    public void The_new_edge_adopts_the_live_backend_with_its_weight_and_schedule()
    {
        var blue = _stateAfter.Slots.Single(s => s.Name == "blue");

        Assert.That((blue.Status, blue.Backend, blue.Port, blue.Weight, blue.Release, blue.Pid),
            Is.EqualTo((SlotStatus.Running, (string?)"shop-test-blue-r1", (int?)_blue.Port, 100, (string?)"r1", (int?)null)));
        Assert.That(blue.StopAtUtc, Is.EqualTo(_stopAt).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(_savedAfter.Recovered!.Adopted, Is.EqualTo(new[] { $"blue backend shop-test-blue-r1 on port {_blue.Port} (release r1)" }));
    }

    [Test]
    public void Customers_reach_the_adopted_backend()
    {
        Assert.That(_customerAfter, Is.EqualTo((HttpStatusCode.OK, (string?)"blue")), _second!.Output);
    }

    [Test]
    public void A_backend_whose_port_no_longer_answers_is_dropped_without_running_its_stop_command()
    {
        var green = _stateAfter.Slots.Single(s => s.Name == "green");

        Assert.That((green.Status, green.Backend), Is.EqualTo((SlotStatus.Empty, (string?)null)));
        Assert.That(_green.StopRuns, Is.Empty);
        Assert.That(_second!.Output, Does.Contain("shop-test-green-r2").And.Contain("does not accept connections"));
    }

    [Test]
    public async Task Shutdown_drains_and_runs_each_backends_stop_command_then_the_edge_exits()
    {
        Assert.That(_shutdownExitCode, Is.EqualTo(0), _second!.Output);
        Assert.That(_blue.StopRuns, Is.EqualTo(new[] { "stopped by-the-edge" }));
        Assert.That(await ProcessProbe.WaitUntilGoneAsync(_bluePid, TimeSpan.FromSeconds(20)), Is.True, "the stop command ended blue's app");
    }

    [Test]
    public async Task A_stop_the_dead_edge_had_begun_is_finished_with_the_stop_command()
    {
        Assert.That(await _beingStopped.WaitUntilGoneAsync(), Is.True, _second!.Output);
        Assert.That(_beingStopped.StopRuns, Is.EqualTo(new[] { "stopped by-the-edge" }));
        Assert.That(_savedAfter.Recovered!.Ended, Has.Some.Contains("shop-test-green-r0").And.Some.Contains("it was being stopped"));
    }

    // What the dead edge would have recorded had it been killed while draining a backend (no longer routed, so not attached here).
    private void AddRecordOfAStopUnderWay()
    {
        var file = Path.Combine(_first.StateDirectory, EdgeFiles.SlotProcesses);
        var records = JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(file), EdgeUnderTest.Json)!;
        Assert.That(records.Select(r => r.Backend?.Name), Is.EquivalentTo(new[] { "shop-test-blue-r1", "shop-test-green-r2" }), "the killed edge recorded both backends");
        records.Add(new SlotProcessRecord("green", 0, DateTimeOffset.UtcNow, $"backend at 127.0.0.1:{_beingStopped.Port}", Release: "r0", Version: "0.1.0",
            Port: _beingStopped.Port, Status: SlotStatus.Draining, Backend: _beingStopped.Backend()));
        File.WriteAllText(file, JsonSerializer.Serialize(records, EdgeUnderTest.Json));
    }

    private async Task AttachAsync(string slot, StartSlot request)
    {
        using var response = await _first.Admin.PutAsJsonAsync($"admin/slots/{slot}", request, EdgeUnderTest.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }
}
