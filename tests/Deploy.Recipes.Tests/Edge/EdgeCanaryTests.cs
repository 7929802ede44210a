using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// The edge during a canary, on one edge with the sample shop in both slots (blue 1.0.0-blue, green 2.0.0-green, the
/// canary): roles, the Prometheus export, sticky assignment and pinning. Each test sets the traffic it needs.
/// </summary>
[TestFixture]
public sealed class EdgeCanaryTests
{
    private EdgeUnderTest _edge = null!;

    [OneTimeSetUp]
    public async Task StartEdgeWithBothSlotsRunning()
    {
        _edge = await EdgeUnderTest.StartAsync();
        await Task.WhenAll(_edge.StartRunningSlotAsync("blue", "1.0.0-blue"), _edge.StartRunningSlotAsync("green", "2.0.0-green"));
    }

    [OneTimeTearDown]
    public async Task EndEdgeAndSlots()
    {
        if (_edge != null)
            await _edge.DisposeAsync();
    }

    [Test]
    public async Task Naming_a_canary_makes_it_canary_and_the_other_slot_with_traffic_stable_until_a_split_without_one()
    {
        await _edge.SetTrafficAsync(blue: 70, green: 30, canary: "green");
        var during = (await _edge.StateAsync()).Slots.ToDictionary(s => s.Name, s => s.Role);
        await _edge.SetTrafficAsync(blue: 100, green: 0);
        var after = (await _edge.StateAsync()).Slots.ToDictionary(s => s.Name, s => s.Role);

        Assert.That(during, Is.EqualTo(new Dictionary<string, string?> { ["blue"] = "stable", ["green"] = "canary" }));
        Assert.That(after, Is.EqualTo(new Dictionary<string, string?> { ["blue"] = "stable", ["green"] = null }));
    }

    [Test]
    public async Task A_canary_that_is_not_a_slot_is_refused_naming_it_and_the_slots_and_moves_no_traffic()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0);

        using var response = await _edge.PutTrafficAsync(blue: 70, green: 30, canary: "purple");
        var error = await response.Content.ReadFromJsonAsync<ApiError>(EdgeUnderTest.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error!.Message, Does.Contain("'purple'").And.Contain("blue, green"));
        Assert.That((await _edge.StateAsync()).Slots.Select(s => s.Weight), Is.EqualTo(new[] { 100, 0 }));
    }

    [Test]
    public async Task Metrics_export_counts_customers_and_operators_by_slot_and_role_in_the_prometheus_format()
    {
        await _edge.SetTrafficAsync(blue: 70, green: 30, canary: "green");
        var before = await ScrapeAsync();
        var customers = await CustomerRequests.SendAsync(_edge.Public, workers: 4, more: sent => sent < 60);
        for (var i = 0; i < 5; i++)
        {
            using var check = await _edge.OperatorGetAsync("green", "version");
            Assert.That(check.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var response = await _edge.Admin.GetAsync("metrics");
        var after = ExpositionText.Parse(await response.Content.ReadAsStringAsync());

        Assert.That(customers.Failures, Is.Empty);
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        foreach (var (slot, role) in new[] { ("blue", "stable"), ("green", "canary") })
        {
            var served = Delta(before, after, EdgeMetricNames.Requests, ("slot", slot), ("role", role), ("class", "2xx"), ("source", "customer"));
            Assert.That(served, Is.EqualTo(customers.ServedBy(slot)), $"{slot} customers");
            Assert.That(Delta(before, after, EdgeMetricNames.Duration + "_count", ("slot", slot), ("role", role)), Is.EqualTo(served), $"{slot} histogram count");
        }

        Assert.That(Delta(before, after, EdgeMetricNames.Requests, ("slot", "green"), ("class", "2xx"), ("source", "operator")), Is.EqualTo(5));
        Assert.That(after.Where(EdgeMetricNames.Weight, ("slot", "green"), ("role", "canary")).Single().Value, Is.EqualTo(30));
        Assert.That(after.Where(EdgeMetricNames.ReleaseInfo, ("slot", "green")).Single().Labels["version"], Is.EqualTo("2.0.0-green"));
        Assert.That(after.Where(EdgeMetricNames.InFlight, ("environment", "test")).Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Metrics_export_needs_the_admin_token()
    {
        using var anonymous = new HttpClient { BaseAddress = _edge.Admin.BaseAddress };
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token") } };

        using var without = await anonymous.GetAsync("metrics");
        using var withWrong = await anonymous.SendAsync(wrong);

        Assert.That(without.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(withWrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<ExpositionText> ScrapeAsync() => ExpositionText.Parse(await _edge.Admin.GetStringAsync("metrics"));

    private static double Delta(ExpositionText before, ExpositionText after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}
