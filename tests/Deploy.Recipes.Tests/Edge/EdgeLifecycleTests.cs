using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>Slot and edge lifecycles: each test has its own edge, ended in TearDown with every slot process it started.</summary>
[TestFixture]
public sealed class EdgeLifecycleTests
{
    private readonly List<EdgeUnderTest> _edges = [];

    [TearDown]
    public async Task EndEdgesAndSlots()
    {
        foreach (var edge in _edges)
            await edge.DisposeAsync();
        _edges.Clear();
    }

    [Test]
    public async Task A_started_slot_becomes_running_and_serves_customers_only_after_traffic_moves_to_it()
    {
        var edge = await StartEdgeAsync();

        var started = await edge.StartSlotAsync("blue", "1.0.0");
        Assert.That(started.Status, Is.EqualTo(SlotStatus.Starting));
        Assert.That(started.Weight, Is.Zero);
        Assert.That(started.Port, Is.Not.Null.And.Not.EqualTo(edge.PublicPort));
        Assert.That(File.ReadAllLines(started.LogFile!)[0], Does.Contain("r-1.0.0").And.Contain(started.Port.ToString()!));

        var running = await edge.WaitForSlotAsync("blue", SlotStatus.Running);
        using var beforeTraffic = await edge.Public.GetAsync("version");
        await edge.SetTrafficAsync(blue: 100, green: 0);
        using var afterTraffic = await edge.Public.GetAsync("version");

        Assert.That(running.Pid, Is.EqualTo(started.Pid));
        Assert.That(beforeTraffic.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(afterTraffic.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(afterTraffic.Headers.GetValues(EdgeFiles.ServedByHeader).Single(), Is.EqualTo("blue"));
        Assert.That(afterTraffic.Headers.GetValues("X-App-Version").Single(), Is.EqualTo("1.0.0"));
    }

    [Test]
    public async Task A_drained_slots_process_is_gone_and_the_slot_is_empty()
    {
        var edge = await StartEdgeAsync();
        var slot = await edge.StartRunningSlotAsync("green", "2.0.0");

        using var response = await edge.Admin.DeleteAsync("admin/slots/green?drainSeconds=2");
        var stopped = await response.Content.ReadFromJsonAsync<SlotState>(EdgeUnderTest.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(stopped!.Status, Is.EqualTo(SlotStatus.Empty));
        Assert.That(stopped.Pid, Is.Null);
        Assert.That(stopped.LogFile, Is.EqualTo(slot.LogFile), "the last log stays findable");
        Assert.That(ProcessProbe.IsAlive(slot.Pid!.Value), Is.False, $"/proc/{slot.Pid} still exists");
        Assert.That(RecordedSlotPids(edge), Does.Not.Contain(slot.Pid.Value));
    }

    [Test]
    public async Task The_edge_quotes_a_slots_log_so_a_recipe_on_another_machine_can_show_it()
    {
        var edge = await StartEdgeAsync();
        var slot = await edge.StartRunningSlotAsync("blue", "3.0.0");

        var tail = await edge.Admin.GetStringAsync("admin/slots/blue/log?lines=5");
        using var refused = await edge.Admin.GetAsync("admin/slots/blue/log?lines=0");

        var lines = File.ReadAllLines(slot.LogFile!);
        Assert.That(tail.Split('\n'), Is.EqualTo(lines.TakeLast(5).Select(line => "  | " + line)));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("lines=0"));
    }

    [Test]
    public async Task A_slot_whose_process_was_killed_yields_502s_counted_as_its_errors()
    {
        var edge = await StartEdgeAsync();
        var slot = await edge.StartRunningSlotAsync("blue", "1.0.0");
        await edge.SetTrafficAsync(blue: 100, green: 0);
        (await edge.Public.GetAsync("version")).Dispose();

        Process(slot.Pid!.Value).Kill();
        var exited = await edge.WaitForSlotAsync("blue", SlotStatus.Exited);
        var before = (await edge.MetricsAsync()).Slots["blue"];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await edge.Public.GetAsync("version");
            statuses.Add(response.StatusCode);
        }

        var after = (await edge.MetricsAsync()).Slots["blue"];

        Assert.That(exited.ExitCode, Is.EqualTo(137), "128 + SIGKILL");
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(after.Requests - before.Requests, Is.EqualTo(10));
        Assert.That(after.Errors - before.Errors, Is.EqualTo(10));
    }

    [Test]
    public async Task A_scheduled_stop_drains_and_stops_an_idle_slot_when_due()
    {
        var edge = await StartEdgeAsync();
        var slot = await edge.StartRunningSlotAsync("blue", "1.0.0");
        var due = DateTimeOffset.UtcNow.AddMilliseconds(300);

        using var response = await edge.Admin.PutAsJsonAsync("admin/slots/blue/stop-at", new StopAt(due, 1), EdgeUnderTest.Json);
        var scheduled = await response.Content.ReadFromJsonAsync<SlotState>(EdgeUnderTest.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(scheduled!.StopAtUtc, Is.EqualTo(due).Within(TimeSpan.FromMilliseconds(1)));

        await edge.WaitForSlotAsync("blue", SlotStatus.Empty, TimeSpan.FromSeconds(15));
        Assert.That(await ProcessProbe.WaitUntilGoneAsync(slot.Pid!.Value, TimeSpan.FromSeconds(2)), Is.True);
    }

    [Test]
    public async Task A_scheduled_stop_is_skipped_and_cleared_when_the_slot_carries_traffic_at_that_time()
    {
        var edge = await StartEdgeAsync();
        var slot = await edge.StartRunningSlotAsync("blue", "1.0.0");
        await edge.SetTrafficAsync(blue: 100, green: 0);

        using var response = await edge.Admin.PutAsJsonAsync("admin/slots/blue/stop-at",
            new StopAt(DateTimeOffset.UtcNow.AddMilliseconds(200), 1), EdgeUnderTest.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Task.Delay(1000);

        var state = (await edge.StateAsync()).Slots[0];
        Assert.That(state.Status, Is.EqualTo(SlotStatus.Running));
        Assert.That(state.StopAtUtc, Is.Null);
        Assert.That(ProcessProbe.IsAlive(slot.Pid!.Value), Is.True);
    }

    [Test]
    public async Task Shutdown_through_the_admin_api_stops_every_slot_removes_edge_json_and_exits_0()
    {
        var edge = await StartEdgeAsync();
        await Task.WhenAll(edge.StartRunningSlotAsync("blue", "1.0.0"), edge.StartRunningSlotAsync("green", "2.0.0"));
        await edge.SetTrafficAsync(blue: 100, green: 0);

        using var response = await edge.Admin.PostAsync("admin/shutdown", null);
        var exitCode = await edge.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(exitCode, Is.EqualTo(0), edge.Output);
        Assert.That(edge.SlotPids, Has.Count.EqualTo(2));
        Assert.That(edge.SlotPids.Where(ProcessProbe.IsAlive), Is.Empty, "slot processes left running");
        Assert.That(File.Exists(edge.EndpointFile), Is.False, "edge.json outlived the edge");
    }

    [Test]
    public async Task Sigterm_shuts_the_edge_down_like_the_admin_call()
    {
        var edge = await StartEdgeAsync();
        await edge.StartRunningSlotAsync("blue", "1.0.0");

        Assert.That(Signal(edge.Process.Id, "TERM"), Is.Zero);
        var exitCode = await edge.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(0), edge.Output);
        Assert.That(edge.SlotPids.Where(ProcessProbe.IsAlive), Is.Empty, "slot processes left running");
        Assert.That(File.Exists(edge.EndpointFile), Is.False);
    }

    private async Task<EdgeUnderTest> StartEdgeAsync()
    {
        var edge = await EdgeUnderTest.StartAsync();
        _edges.Add(edge);
        return edge;
    }

    private static List<int> RecordedSlotPids(EdgeUnderTest edge) =>
        JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(Path.Combine(edge.StateDirectory, EdgeFiles.SlotProcesses)), EdgeUnderTest.Json)!
            .Select(record => record.Pid).ToList();

    private static System.Diagnostics.Process Process(int pid) => System.Diagnostics.Process.GetProcessById(pid);

    private static int Signal(int pid, string signal) =>
        Support.ProcessRun.Start("kill", [$"-{signal}", pid.ToString()], Path.GetTempPath(), timeout: TimeSpan.FromSeconds(10)).ExitCode;
}
