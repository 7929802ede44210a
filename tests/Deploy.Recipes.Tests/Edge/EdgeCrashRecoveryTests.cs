using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// An edge killed with SIGKILL, and a new edge started on its state folder, as the recipe restarts it. Before the
/// kill: blue live (100%), green warm and named the canary (at 0%) with a stop scheduled in an hour, maintenance on. After the kill, a record for a
/// process that is not ours (same program, another start time: a reused PID) is added to the state the new edge reads.
/// </summary>
[TestFixture]
public sealed class EdgeCrashRecoveryTests
{
    private EdgeUnderTest _first = null!;
    private EdgeUnderTest? _second;
    private SlotState _blue = null!;
    private SlotState _green = null!;
    private DateTimeOffset _stopAt;
    private Process? _stranger;
    private DateTimeOffset _killedUtc;
    private EdgeState _stateAfter = null!;
    private (HttpStatusCode Status, string? RetryAfter, string Body) _customerDuringMaintenance;
    private EdgeSavedState _savedAfter = null!;

    [OneTimeSetUp]
    public async Task KillTheEdgeAndStartAnother()
    {
        _first = await EdgeUnderTest.StartAsync();
        var slots = await Task.WhenAll(_first.StartRunningSlotAsync("blue", "1.0.0"), _first.StartRunningSlotAsync("green", "2.0.0"));
        (_blue, _green) = (slots[0], slots[1]);
        await _first.SetTrafficAsync(blue: 100, green: 0, canary: "green");
        _stopAt = DateTimeOffset.UtcNow.AddHours(1);
        using (var scheduled = await _first.Admin.PutAsJsonAsync("admin/slots/green/stop-at", new StopAt(_stopAt, 5), EdgeUnderTest.Json))
            Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await _first.SetMaintenanceAsync(new Maintenance(true, "<p>back soon</p>", 120));
        _stranger = StartStranger(out var strangerPort);

        _first.Process.Kill(); // SIGKILL the edge alone; its slot processes live on
        Assert.That(await _first.WaitForExitAsync(TimeSpan.FromSeconds(10)), Is.Not.Null);
        _killedUtc = DateTimeOffset.UtcNow;
        AddRecordOfStranger(strangerPort);

        _second = await EdgeUnderTest.StartAsync(_first.StateDirectory, _first.Token, _first.PublicPort);
        _stateAfter = await _second.StateAsync();
        using (var response = await _second.Public.GetAsync("version"))
            _customerDuringMaintenance = (response.StatusCode, response.Headers.RetryAfter?.ToString(), await response.Content.ReadAsStringAsync());
        _savedAfter = JsonSerializer.Deserialize<EdgeSavedState>(File.ReadAllText(Path.Combine(_first.StateDirectory, EdgeFiles.State)), EdgeUnderTest.Json)!;
        await _second.SetMaintenanceAsync(new Maintenance(false, "", 0));
    }

    [OneTimeTearDown]
    public async Task EndEdgesAndSlots()
    {
        if (_second != null)
            await _second.DisposeAsync();
        if (_first != null)
            await _first.DisposeAsync();
        if (_stranger is { HasExited: false })
            _stranger.Kill(entireProcessTree: true);
        _stranger?.Dispose();
    }

    [Test]
    public async Task The_live_slot_keeps_its_process_and_its_traffic()
    {
        var blue = _stateAfter.Slots.Single(s => s.Name == "blue");
        using var customer = await _second!.Public.GetAsync("version");

        Assert.That((blue.Status, blue.Pid, blue.Weight, blue.Release), Is.EqualTo((SlotStatus.Running, _blue.Pid, 100, "r-1.0.0")));
        Assert.That(customer.StatusCode, Is.EqualTo(HttpStatusCode.OK), _second.Output);
        Assert.That(customer.Headers.GetValues(EdgeFiles.ServedByHeader).Single(), Is.EqualTo("blue"));
        Assert.That(customer.Headers.GetValues("X-App-Version").Single(), Is.EqualTo("1.0.0"));
    }

    [Test]
    public void The_warm_slot_keeps_its_process_and_its_scheduled_stop()
    {
        var green = _stateAfter.Slots.Single(s => s.Name == "green");

        Assert.That((green.Status, green.Pid, green.Weight), Is.EqualTo((SlotStatus.Running, _green.Pid, 0)));
        Assert.That(green.StopAtUtc, Is.EqualTo(_stopAt).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public void The_canary_role_survives_the_crash()
    {
        Assert.That(_stateAfter.Slots.Select(s => (s.Name, s.Role)), Is.EqualTo(new[] { ("blue", (string?)"stable"), ("green", "canary") }));
    }

    [Test]
    public void Maintenance_mode_survives_the_crash()
    {
        Assert.That(_stateAfter.Maintenance.On, Is.True);
        Assert.That(_customerDuringMaintenance.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(_customerDuringMaintenance.RetryAfter, Is.EqualTo("120"));
        Assert.That(_customerDuringMaintenance.Body, Does.Contain("back soon"));
    }

    [Test]
    public void A_recorded_pid_now_held_by_a_process_with_another_start_time_is_left_running_and_not_adopted()
    {
        Assert.That(ProcessProbe.IsAlive(_stranger!.Id), Is.True, "the edge ended a process that is not its own");
        Assert.That(_stateAfter.Slots.Select(s => s.Pid), Does.Not.Contain(_stranger.Id));
    }

    [Test]
    public void The_new_edge_records_that_its_predecessor_died_when_it_was_last_seen_and_what_it_adopted()
    {
        var recovered = _savedAfter.Recovered!;

        Assert.That(_savedAfter.Pid, Is.EqualTo(_second!.Process.Id));
        Assert.That(recovered.DeadPid, Is.EqualTo(_first.Process.Id));
        Assert.That(recovered.LastSeenAliveUtc, Is.LessThanOrEqualTo(_killedUtc));
        Assert.That(recovered.RestartedUtc, Is.GreaterThan(_killedUtc));
        Assert.That(recovered.Adopted, Has.Count.EqualTo(2));
        Assert.That(recovered.Adopted, Has.Some.Contains($"blue pid {_blue.Pid}").And.Some.Contains($"green pid {_green.Pid}"));
    }

    // Another process of the same program as a slot, started by this test: what a reused PID would look like.
    private static Process StartStranger(out int port)
    {
        port = EdgeUnderTest.FreePort();
        var start = new ProcessStartInfo(EdgeUnderTest.DotnetHost) { WorkingDirectory = HeaderEchoApp.Directory, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(HeaderEchoApp.Directory, "HeaderEcho.dll"));
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        return Process.Start(start)!;
    }

    private void AddRecordOfStranger(int port)
    {
        var file = Path.Combine(_first.StateDirectory, EdgeFiles.SlotProcesses);
        var records = JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(file), EdgeUnderTest.Json)!;
        Assert.That(records.Select(r => r.Pid), Is.EquivalentTo(new[] { _blue.Pid!.Value, _green.Pid!.Value }), "the killed edge recorded both slots");
        var realStart = records[0].StartTicks!.Value; // any value that is not the stranger's own start time
        records.Add(new SlotProcessRecord("green", _stranger!.Id, DateTimeOffset.UtcNow,
            $"{EdgeUnderTest.DotnetHost} {Path.Combine(HeaderEchoApp.Directory, "HeaderEcho.dll")}",
            StartTicks: realStart == StartTicksOf(_stranger.Id) ? realStart - 1 : realStart, Release: "stranger", Version: "0", Port: port, Status: SlotStatus.Running));
        File.WriteAllText(file, JsonSerializer.Serialize(records, EdgeUnderTest.Json));
    }

    private static long StartTicksOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], System.Globalization.CultureInfo.InvariantCulture);
    }
}
