using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// Releases the edge is handed by address (<see cref="StartSlot.Backend"/>, as the recipe hands it a container): one
/// edge, two scenarios run side by side in the set-up. Blue: attached before its app starts, running, serving
/// customers, its log read, stopped twice at once, its log read again once empty. Green: attached, then its app crashes
/// (the test kills it), its log command fails, and it is stopped with a stop command that now fails too.
/// </summary>
[TestFixture]
public sealed class EdgeBackendTests
{
    private const int CustomerRequests = 5;
    private EdgeUnderTest _edge = null!;
    private OutsideRelease _blue = null!;
    private OutsideRelease _green = null!;

    private SlotState _attached = null!;
    private SlotState _running = null!;
    private List<SlotProcessRecord> _recordsWhileRunning = null!;
    private (HttpStatusCode Status, string Body) _secondAttach;
    private (HttpStatusCode Status, string Body) _samePortAttach;
    private List<(HttpStatusCode Status, string? ServedBy)> _customers = null!;
    private SlotMetrics _blueMetrics = null!;
    private string _log = null!;
    private SlotState[] _stops = null!;
    private IReadOnlyList<string> _stopRuns = null!;
    private bool _blueGoneAfterStop;
    private string _logAfterStop = null!;
    private List<SlotProcessRecord> _recordsAfterStop = null!;

    private SlotState _exited = null!;
    private string _failedLog = null!;
    private SlotState _greenStopped = null!;
    private OutsideRelease _scheduled = null!;
    private IReadOnlyList<string> _scheduledStopRuns = null!;
    private SlotState _afterScheduledStop = null!;

    [OneTimeSetUp]
    public async Task RunBothScenarios()
    {
        _edge = await EdgeUnderTest.StartAsync();
        _blue = new OutsideRelease("shop-test-blue-r1");
        _green = new OutsideRelease("shop-test-green-r2");
        _scheduled = new OutsideRelease("shop-test-green-r4");
        await Task.WhenAll(BlueAsync(), GreenAsync());
    }

    [OneTimeTearDown]
    public async Task EndEdgeAndReleases()
    {
        await _edge.DisposeAsync();
        _blue.Dispose();
        _green.Dispose();
        _scheduled.Dispose();
    }

    [Test]
    public void An_attached_backend_is_starting_at_weight_0_with_its_name_and_port_and_no_process_of_the_edge()
    {
        Assert.That((_attached.Status, _attached.Weight, _attached.Port, _attached.Backend), Is.EqualTo((SlotStatus.Starting, 0, (int?)_blue.Port, "shop-test-blue-r1")));
        Assert.That((_attached.Pid, _attached.LogFile, _attached.Release), Is.EqualTo(((int?)null, (string?)null, "r1")));
    }

    [Test]
    public void An_attached_backend_is_running_once_its_port_accepts_connections()
    {
        Assert.That((_running.Status, _running.Backend, _running.Pid), Is.EqualTo((SlotStatus.Running, "shop-test-blue-r1", (int?)null)));
    }

    [Test]
    public void A_running_backend_is_recorded_for_a_successor_edge_without_a_pid()
    {
        var blue = _recordsWhileRunning.Single(r => r.Slot == "blue");

        Assert.That((blue.Pid, blue.Port, blue.Status), Is.EqualTo((0, (int?)_blue.Port, (SlotStatus?)SlotStatus.Running)));
        Assert.That(blue.Backend!.Name, Is.EqualTo("shop-test-blue-r1"));
        Assert.That(blue.Backend.StopCommand, Is.EqualTo(_blue.Backend().StopCommand));
    }

    [Test]
    public void A_slot_that_holds_a_backend_refuses_another_with_409()
    {
        Assert.That(_secondAttach.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(_secondAttach.Body, Does.Contain("shop-test-blue-r1"));
    }

    [Test]
    public void A_backend_on_the_port_of_the_other_slots_release_is_refused_with_400()
    {
        Assert.That(_samePortAttach.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(_samePortAttach.Body, Does.Contain($"backend.port {_blue.Port} is the port of slot blue"));
    }

    [Test]
    public void Customer_requests_through_the_public_port_reach_the_backend_and_are_counted_in_its_metrics()
    {
        Assert.That(_customers, Is.All.EqualTo((HttpStatusCode.OK, (string?)"blue")));
        Assert.That(_blueMetrics.Customers!.Requests, Is.EqualTo(CustomerRequests));
        Assert.That(_blueMetrics.Errors, Is.Zero);
    }

    [Test]
    public void The_log_endpoint_runs_the_log_command_with_the_number_of_lines_asked_for()
    {
        Assert.That(_log, Is.EqualTo("  | shop-test-blue-r1 log line 8\n  | shop-test-blue-r1 log line 9\n  | shop-test-blue-r1 log line 10"));
    }

    [Test]
    public void A_stop_drains_then_runs_the_stop_command_once_with_its_environment_and_empties_the_slot()
    {
        Assert.That(_stops.Select(s => (s.Status, s.Backend, s.Port)), Is.All.EqualTo((SlotStatus.Empty, (string?)null, (int?)null)));
        Assert.That(_stopRuns, Is.EqualTo(new[] { "stopped by-the-edge" }), "two stops at once run the stop command once");
        Assert.That(_blueGoneAfterStop, Is.True, "the stop command ended the app");
        Assert.That(_recordsAfterStop.Select(r => r.Slot), Does.Not.Contain("blue"));
    }

    [Test]
    public void After_the_slot_is_emptied_the_last_backends_log_command_still_answers()
    {
        Assert.That(_logAfterStop, Is.EqualTo("  | shop-test-blue-r1 log line 10"));
    }

    [Test]
    public void A_backend_whose_port_stops_accepting_connections_is_marked_exited_without_an_exit_code()
    {
        Assert.That((_exited.Status, _exited.ExitCode, _exited.Backend), Is.EqualTo((SlotStatus.Exited, (int?)null, "shop-test-green-r2")));
    }

    [Test]
    public void A_failing_log_command_says_why()
    {
        Assert.That(_failedLog, Does.Contain("exited with code 3").And.Contain("no such container: shop-test-green-r2"));
    }

    [Test]
    public void A_failing_stop_command_is_a_warning_and_the_slot_is_emptied_anyway()
    {
        Assert.That(_greenStopped.Status, Is.EqualTo(SlotStatus.Empty));
        Assert.That(_green.StopRuns, Has.Count.EqualTo(1));
        Assert.That(_edge.Output, Does.Contain("the stop command of backend shop-test-green-r2").And.Contain("failed"));
    }

    [Test]
    public void A_scheduled_stop_runs_the_stop_command_once_and_empties_the_slot()
    {
        Assert.That(_afterScheduledStop.Status, Is.EqualTo(SlotStatus.Empty));
        Assert.That(_scheduledStopRuns, Is.EqualTo(new[] { "stopped by-the-edge" }));
    }

    private static IEnumerable<TestCaseData> InvalidBackends()
    {
        SlotBackend Valid() => new(40000, "app", ["true"], ["echo", "{lines}"]);
        yield return new TestCaseData(Valid() with { Port = 0 }, "backend.port").SetName("A backend with port 0 is refused naming backend.port");
        yield return new TestCaseData(Valid() with { Port = 70000 }, "backend.port").SetName("A backend with port 70000 is refused naming backend.port");
        yield return new TestCaseData(Valid() with { Name = " " }, "backend.name").SetName("A backend without a name is refused naming backend.name");
        yield return new TestCaseData(Valid() with { StopCommand = [] }, "backend.stopCommand").SetName("A backend without a stop command is refused naming backend.stopCommand");
        yield return new TestCaseData(Valid() with { LogCommand = [""] }, "backend.logCommand").SetName("A backend with an empty log program is refused naming backend.logCommand");
    }

    [TestCaseSource(nameof(InvalidBackends))]
    public async Task An_invalid_backend_is_refused_with_400_naming_the_field(SlotBackend backend, string field)
    {
        using var response = await _edge.Admin.PutAsJsonAsync("admin/slots/green", new StartSlot("r9", "9.0.0", "", "", new Dictionary<string, string>(), backend), EdgeUnderTest.Json);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(EdgeUnderTest.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error!.Message, Does.StartWith(field));
        Assert.That((await _edge.StateAsync()).Slots.Select(s => s.Backend), Does.Not.Contain("app"));
    }

    [Test]
    public async Task Free_port_answers_a_loopback_port_nobody_listens_on()
    {
        var free = (await _edge.Admin.GetFromJsonAsync<FreeLoopbackPort>("admin/free-port", EdgeUnderTest.Json))!;

        Assert.That(free.Port, Is.InRange(1, 65535));
        using var listener = new TcpListener(IPAddress.Loopback, free.Port);
        Assert.DoesNotThrow(listener.Start);
        listener.Stop();
    }

    private async Task BlueAsync()
    {
        // Attached before its app starts, so "starting" is seen for certain.
        _attached = await AttachAsync("blue", _blue.Request("r1", "1.0.0"));
        _blue.Start();
        _running = await _edge.WaitForSlotAsync("blue", SlotStatus.Running);
        _recordsWhileRunning = Records();
        using (var again = await _edge.Admin.PutAsJsonAsync("admin/slots/blue",
                   new StartSlot("r3", "3.0.0", "", "", new Dictionary<string, string>(), new SlotBackend(EdgeUnderTest.FreePort(), "other", ["true"], ["true"])), EdgeUnderTest.Json))
            _secondAttach = (again.StatusCode, await again.Content.ReadAsStringAsync());
        using (var samePort = await _edge.Admin.PutAsJsonAsync("admin/slots/green", _blue.Request("r5", "5.0.0"), EdgeUnderTest.Json))
            _samePortAttach = (samePort.StatusCode, await samePort.Content.ReadAsStringAsync());

        await _edge.SetTrafficAsync(blue: 100, green: 0);
        _customers = [];
        for (var i = 0; i < CustomerRequests; i++)
        {
            using var response = await _edge.Public.GetAsync("shop");
            _customers.Add((response.StatusCode, response.Headers.TryGetValues(EdgeFiles.ServedByHeader, out var by) ? by.Single() : null));
        }

        _blueMetrics = (await _edge.MetricsAsync()).Slots["blue"];
        _log = await _edge.Admin.GetStringAsync("admin/slots/blue/log?lines=3");

        await _edge.SetTrafficAsync(blue: 0, green: 0);
        _stops = await Task.WhenAll(StopAsync("blue"), StopAsync("blue"));
        _stopRuns = _blue.StopRuns;
        _blueGoneAfterStop = await _blue.WaitUntilGoneAsync();
        _logAfterStop = await _edge.Admin.GetStringAsync("admin/slots/blue/log?lines=1");
        _recordsAfterStop = Records();
    }

    private async Task GreenAsync()
    {
        _green.Start();
        await AttachAsync("green", _green.Request("r2", "2.0.0", ["/bin/sh", "-c", "echo \"no such container: $0\" >&2; exit 3", _green.Name, "{lines}"]));
        await _edge.WaitForSlotAsync("green", SlotStatus.Running);
        _green.Crash();
        _exited = await _edge.WaitForSlotAsync("green", SlotStatus.Exited, TimeSpan.FromSeconds(30));
        _failedLog = await _edge.Admin.GetStringAsync("admin/slots/green/log?lines=5");
        _greenStopped = await StopAsync("green");

        // A stop at a time (the end of a bake time) takes the same way: drain, then the stop command.
        _scheduled.Start();
        await AttachAsync("green", _scheduled.Request("r4", "4.0.0"));
        await _edge.WaitForSlotAsync("green", SlotStatus.Running);
        using (var schedule = await _edge.Admin.PutAsJsonAsync("admin/slots/green/stop-at", new StopAt(DateTimeOffset.UtcNow.AddSeconds(1), 0), EdgeUnderTest.Json))
            Assert.That(schedule.StatusCode, Is.EqualTo(HttpStatusCode.OK), await schedule.Content.ReadAsStringAsync());
        _afterScheduledStop = await _edge.WaitForSlotAsync("green", SlotStatus.Empty);
        _scheduledStopRuns = _scheduled.StopRuns;
    }

    private async Task<SlotState> AttachAsync(string slot, StartSlot request)
    {
        using var response = await _edge.Admin.PutAsJsonAsync($"admin/slots/{slot}", request, EdgeUnderTest.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SlotState>(EdgeUnderTest.Json))!;
    }

    private async Task<SlotState> StopAsync(string slot)
    {
        using var response = await _edge.Admin.DeleteAsync($"admin/slots/{slot}?drainSeconds=5");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SlotState>(EdgeUnderTest.Json))!;
    }

    private List<SlotProcessRecord> Records() =>
        JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(Path.Combine(_edge.StateDirectory, EdgeFiles.SlotProcesses)), EdgeUnderTest.Json)!;
}
