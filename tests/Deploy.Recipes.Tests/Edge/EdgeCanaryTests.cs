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

    // Customers that never send a cookie back (HttpClient's cookie container would).
    private HttpClient _cookieless = null!;

    [OneTimeSetUp]
    public async Task StartEdgeWithBothSlotsRunning()
    {
        _edge = await EdgeUnderTest.StartAsync();
        await Task.WhenAll(_edge.StartRunningSlotAsync("blue", "1.0.0-blue"), _edge.StartRunningSlotAsync("green", "2.0.0-green"));
        _cookieless = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, MaxConnectionsPerServer = 32 })
        {
            BaseAddress = _edge.Public.BaseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    [OneTimeTearDown]
    public async Task EndEdgeAndSlots()
    {
        _cookieless?.Dispose();
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

    [Test]
    public async Task Customers_without_a_cookie_split_by_the_canary_weight_and_each_gets_a_rollout_cookie()
    {
        await _edge.SetTrafficAsync(blue: 70, green: 30, canary: "green");

        var visits = await Task.WhenAll(Enumerable.Range(0, 2000).Select(_ => VisitAsync(cookie: null)));

        var share = visits.Count(v => v.Slot == "green") * 100.0 / visits.Length;
        Assert.That(share, Is.InRange(26.0, 34.0), "percent of customers on the canary at 30%");
        Assert.That(visits.Select(v => v.SetCookie), Has.All.Match("^deploy_rollout=[0-9a-f]{16}; Path=/; HttpOnly; SameSite=Lax$"));
    }

    [Test]
    public async Task A_customer_sending_their_cookie_back_stays_on_one_slot_and_none_leaves_the_canary_as_it_grows()
    {
        await _edge.SetTrafficAsync(blue: 70, green: 30, canary: "green");
        var first = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => VisitAsync(cookie: null)));
        var customers = first.Select(v => (Cookie: CookieValue(v.SetCookie!), v.Slot)).ToList();

        var again = await Task.WhenAll(customers.Select(c => VisitAsync(c.Cookie)));
        await _edge.SetTrafficAsync(blue: 40, green: 60, canary: "green");
        var grown = await Task.WhenAll(customers.Select(c => VisitAsync(c.Cookie)));

        Assert.That(again.Select(v => v.Slot), Is.EqualTo(customers.Select(c => c.Slot)), "the same slot on the next request");
        Assert.That(again.Concat(grown).Select(v => v.SetCookie), Has.All.Null, "no new cookie for a customer who has one");
        var onCanary = customers.Select((c, i) => (c.Slot, Now: grown[i].Slot)).Where(c => c.Slot == "green").ToList();
        Assert.That(onCanary, Is.Not.Empty);
        Assert.That(onCanary.Select(c => c.Now), Has.All.EqualTo("green"), "customers on the canary at 30% are still on it at 60%");
        Assert.That(customers.Select(c => RolloutSplit.GoesToCanary(RolloutSplit.BucketOf(c.Cookie), 30) ? "green" : "blue"),
            Is.EqualTo(customers.Select(c => c.Slot)), "the edge assigns by the cookie's bucket as RolloutSplit computes it");
    }

    [Test]
    public async Task No_rollout_cookie_is_given_when_one_slot_carries_all_traffic_or_no_canary_is_named()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0, canary: "green");
        var oneSlot = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => VisitAsync(cookie: null)));
        await _edge.SetTrafficAsync(blue: 50, green: 50);
        var noCanary = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => VisitAsync(cookie: null)));

        Assert.That(oneSlot.Concat(noCanary).Select(v => v.SetCookie), Has.All.Null);
        Assert.That(noCanary.Select(v => v.Slot).Distinct(), Is.EquivalentTo(new[] { "blue", "green" }), "a random weighted pick without a canary");
    }

    [Test]
    public async Task A_pinned_request_reaches_its_role_at_weight_zero_and_is_counted_as_pinned_not_as_customer()
    {
        await _edge.SetTrafficAsync(blue: 100, green: 0, canary: "green");
        var before = await ScrapeAsync();
        var customersBefore = (await _edge.MetricsAsync()).Slots["green"].Customers!.Requests;

        var byHeader = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PinnedVisitAsync(header: "canary")));
        var byCookie = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PinnedVisitAsync(cookie: "canary")));
        var toStable = await PinnedVisitAsync(header: "stable");
        var unknown = await PinnedVisitAsync(header: "purple");

        var after = await ScrapeAsync();
        Assert.That(byHeader.Concat(byCookie), Has.All.EqualTo("green"));
        Assert.That((toStable, unknown), Is.EqualTo(("blue", "blue")));
        Assert.That(Delta(before, after, EdgeMetricNames.Requests, ("slot", "green"), ("role", "canary"), ("class", "2xx"), ("source", "pinned")), Is.EqualTo(10));
        Assert.That(Delta(before, after, EdgeMetricNames.Requests, ("slot", "green"), ("source", "customer")), Is.Zero);
        Assert.That(Delta(before, after, EdgeMetricNames.Requests, ("slot", "green"), ("source", "operator")), Is.Zero);
        Assert.That(Delta(before, after, EdgeMetricNames.Duration + "_count", ("slot", "green")), Is.Zero);
        Assert.That((await _edge.MetricsAsync()).Slots["green"].Customers!.Requests, Is.EqualTo(customersBefore));
    }

    private async Task<(string Slot, string? SetCookie)> VisitAsync(string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "version");
        if (cookie != null)
            request.Headers.Add("Cookie", $"{EdgeFiles.RolloutCookie}={cookie}");
        using var response = await _cookieless.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Single() : null;
        return (response.Headers.GetValues(EdgeFiles.ServedByHeader).Single(), setCookie);
    }

    private async Task<string> PinnedVisitAsync(string? header = null, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "version");
        if (header != null)
            request.Headers.Add(EdgeFiles.PinHeader, header);
        if (cookie != null)
            request.Headers.Add("Cookie", $"theme=dark; {EdgeFiles.PinCookie}={cookie}");
        using var response = await _cookieless.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return response.Headers.GetValues(EdgeFiles.ServedByHeader).Single();
    }

    private static string CookieValue(string setCookie) => setCookie[(setCookie.IndexOf('=') + 1)..setCookie.IndexOf(';')];

    private async Task<ExpositionText> ScrapeAsync() => ExpositionText.Parse(await _edge.Admin.GetStringAsync("metrics"));

    private static double Delta(ExpositionText before, ExpositionText after, string name, params (string, string)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}
