using System.Net;
using System.Net.Http.Json;
using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// How the edge routes customers and operators, on one edge with the sample shop running in both slots (blue reports
/// version 1.0.0-blue, green 2.0.0-green). Each test sets the traffic and maintenance it needs.
/// </summary>
[TestFixture]
public sealed class EdgeRoutingTests
{
    private const string BlueVersion = "1.0.0-blue";
    private const string GreenVersion = "2.0.0-green";
    private EdgeUnderTest _edge = null!;

    [OneTimeSetUp]
    public async Task StartEdgeWithBothSlotsRunning()
    {
        _edge = await EdgeUnderTest.StartAsync();
        await Task.WhenAll(_edge.StartRunningSlotAsync("blue", BlueVersion), _edge.StartRunningSlotAsync("green", GreenVersion));
    }

    [OneTimeTearDown]
    public async Task EndEdgeAndSlots()
    {
        if (_edge != null)
            await _edge.DisposeAsync();
    }

    [SetUp]
    public async Task MaintenanceOff() => await _edge.SetMaintenanceAsync(new Maintenance(false, "", 0));

    [Test]
    public async Task Customers_reach_only_the_slot_that_carries_the_traffic()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);

        var tally = await CustomerRequests.SendAsync(_edge.Public, workers: 4, more: sent => sent < 40);

        Assert.That(tally.Failures, Is.Empty);
        Assert.That(tally.ServedBy("blue"), Is.EqualTo(40));
        using var response = await _edge.Public.GetAsync("version");
        Assert.That(response.Headers.GetValues("X-App-Version").Single(), Is.EqualTo(BlueVersion));
    }

    [Test]
    public async Task Customers_get_503_no_release_is_live_when_no_slot_carries_traffic()
    {
        await _edge.SetTrafficAsync(blue: 0, green: 0);

        using var response = await _edge.Public.GetAsync("");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("no release is live"));
    }

    [Test]
    public async Task Switching_weights_under_concurrent_load_fails_no_request()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);
        var switching = true;

        var load = CustomerRequests.SendAsync(_edge.Public, workers: 6, more: sent => Volatile.Read(ref switching) || sent < 400);
        foreach (var (blue, green) in new[] { (90, 10), (50, 50), (0, 100), (50, 50), (100, 0), (0, 100) })
        {
            await Task.Delay(60);
            await _edge.SetTrafficAsync(blue, green);
        }

        Volatile.Write(ref switching, false);
        var tally = await load;

        Assert.That(tally.Failures, Is.Empty, $"{tally.Failures.Count} of {tally.Sent} requests failed");
        Assert.That(tally.Sent, Is.GreaterThanOrEqualTo(400));
        Assert.That(tally.ServedBy("blue"), Is.GreaterThan(0));
        Assert.That(tally.ServedBy("green"), Is.GreaterThan(0));
    }

    [Test]
    public async Task A_20_80_split_is_honoured_within_five_points()
    {
        await _edge.SetTrafficAsync(blue: 20, green: 80);

        var tally = await CustomerRequests.SendAsync(_edge.Public, workers: 8, more: sent => sent < 1000);

        Assert.That(tally.Failures, Is.Empty);
        Assert.That(tally.ServedBy("blue") + tally.ServedBy("green"), Is.EqualTo(1000));
        // Binomial spread over 1000 requests is about 1.3 points; 5 points is almost 4 standard deviations.
        Assert.That(tally.ServedBy("green") / 1000.0, Is.InRange(0.75, 0.85), $"blue {tally.ServedBy("blue")}, green {tally.ServedBy("green")}");
    }

    [Test]
    public async Task An_operator_request_reaches_a_slot_at_weight_zero()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);

        using var response = await _edge.OperatorGetAsync("green", "version");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues(EdgeFiles.ServedByHeader).Single(), Is.EqualTo("green"));
        Assert.That(response.Headers.GetValues("X-App-Version").Single(), Is.EqualTo(GreenVersion));
    }

    [Test]
    public async Task An_operator_request_is_answered_with_the_release_id_of_the_slot_and_a_customer_request_is_not()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);

        using var toGreen = await _edge.OperatorGetAsync("green", "no-such-page");
        using var wrongToken = await _edge.OperatorGetAsync("green", "version", token: "not-the-token");
        using var customer = await _edge.Public.GetAsync("version");

        Assert.That(toGreen.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "on any answer of the app, not only 2xx");
        Assert.That(toGreen.Headers.GetValues(EdgeFiles.ReleaseHeader).Single(), Is.EqualTo($"r-{GreenVersion}"));
        Assert.That(wrongToken.Headers.Contains(EdgeFiles.ReleaseHeader), Is.False);
        Assert.That(customer.Headers.Contains(EdgeFiles.ReleaseHeader), Is.False);
    }

    [Test]
    public async Task An_operator_request_with_a_wrong_token_is_an_ordinary_customer_request()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);

        using var response = await _edge.OperatorGetAsync("green", "version", token: "not-the-token");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues(EdgeFiles.ServedByHeader).Single(), Is.EqualTo("blue"));
    }

    [Test]
    public async Task Maintenance_answers_customers_503_with_retry_after_and_the_message_while_health_and_operators_pass()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);
        const string page = "<h1>Back at 14:00</h1>";
        await _edge.SetMaintenanceAsync(new Maintenance(true, page, 120));

        using var customer = await _edge.Public.GetAsync("");
        using var health = await _edge.Public.GetAsync("health/live");
        using var operatorCheck = await _edge.OperatorGetAsync("green", "version");
        using var wrongToken = await _edge.OperatorGetAsync("green", "version", token: "guess");

        Assert.That(customer.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(customer.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(customer.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await customer.Content.ReadAsStringAsync(), Is.EqualTo(page));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(health.Headers.GetValues(EdgeFiles.ServedByHeader).Single(), Is.EqualTo("blue"));
        Assert.That(operatorCheck.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(operatorCheck.Headers.GetValues(EdgeFiles.ServedByHeader).Single(), Is.EqualTo("green"));
        Assert.That(wrongToken.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((await _edge.StateAsync()).Maintenance.On, Is.True);

        await _edge.SetMaintenanceAsync(new Maintenance(false, "", 0));
        using var after = await _edge.Public.GetAsync("");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Metrics_count_each_slots_requests_and_latencies()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);
        var before = await _edge.MetricsAsync();

        await CustomerRequests.SendAsync(_edge.Public, workers: 2, more: sent => sent < 10);
        for (var i = 0; i < 3; i++)
            (await _edge.OperatorGetAsync("green", "version")).Dispose();
        var after = await _edge.MetricsAsync();

        Assert.That(after.Slots["blue"].Requests - before.Slots["blue"].Requests, Is.EqualTo(10));
        Assert.That(after.Slots["green"].Requests - before.Slots["green"].Requests, Is.EqualTo(3));
        Assert.That(after.Slots["blue"].Errors, Is.EqualTo(before.Slots["blue"].Errors));
        foreach (var slot in after.Slots.Values)
        {
            Assert.That(slot.InFlight, Is.Zero);
            Assert.That(slot.LatencyCounts.Sum(), Is.EqualTo(slot.Requests));
            Assert.That(slot.LatencyBucketsMs, Has.Count.EqualTo(slot.LatencyCounts.Count));
            Assert.That(slot.LatencyBucketsMs[^1], Is.EqualTo(-1), "the last bucket is +inf, sent as -1");
            Assert.That(slot.LatencyBucketsMs.Take(slot.LatencyBucketsMs.Count - 1), Is.Ordered.Ascending);
        }
    }

    [Test]
    public async Task Metrics_count_operator_requests_apart_from_customers()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);
        var before = await _edge.MetricsAsync();

        await CustomerRequests.SendAsync(_edge.Public, workers: 2, more: sent => sent < 10);
        for (var i = 0; i < 3; i++)
            (await _edge.OperatorGetAsync("green", "health/ready")).Dispose();
        for (var i = 0; i < 2; i++)
            (await _edge.OperatorGetAsync("blue", "health/ready")).Dispose();
        var after = await _edge.MetricsAsync();

        SlotMetrics Blue(EdgeMetrics m) => m.Slots["blue"];
        SlotMetrics Green(EdgeMetrics m) => m.Slots["green"];
        Assert.That(Blue(after).Customers!.Requests - Blue(before).Customers!.Requests, Is.EqualTo(10));
        Assert.That(Blue(after).OperatorRequests - Blue(before).OperatorRequests, Is.EqualTo(2));
        Assert.That(Green(after).Customers!.Requests - Green(before).Customers!.Requests, Is.Zero, "the gate's probes are not customers");
        Assert.That(Green(after).OperatorRequests - Green(before).OperatorRequests, Is.EqualTo(3));
        Assert.That(Blue(after).Requests - Blue(before).Requests, Is.EqualTo(12), "the slot's totals still count every request");
        foreach (var slot in after.Slots.Values)
        {
            Assert.That(slot.Customers!.Requests, Is.EqualTo(slot.Customers.Errors + slot.Customers.LatencyCounts.Sum()));
            Assert.That(slot.Customers.LatencyCounts, Has.Count.EqualTo(slot.LatencyBucketsMs.Count));
            Assert.That(slot.Customers.InFlight, Is.Zero);
            Assert.That(slot.Customers.InFlightAgeCounts.Sum(), Is.Zero);
            Assert.That(slot.Customers.OldestInFlightMs, Is.Zero);
        }
    }

    [Test]
    public async Task Stopping_a_slot_that_carries_traffic_is_refused_with_409()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);

        using var response = await _edge.Admin.DeleteAsync("admin/slots/blue?drainSeconds=1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("traffic"));
        Assert.That((await _edge.StateAsync()).Slots[0].Status, Is.EqualTo(SlotStatus.Running));
    }

    [Test]
    public async Task Starting_a_slot_that_runs_a_process_is_refused_with_409()
    {
        using var response = await _edge.Admin.PutAsJsonAsync("admin/slots/blue",
            new StartSlot("again", "9.9.9", SampleShop.Directory, "Shop.dll", new Dictionary<string, string>()), EdgeUnderTest.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await _edge.StateAsync()).Slots[0].Version, Is.EqualTo(BlueVersion));
    }
}
