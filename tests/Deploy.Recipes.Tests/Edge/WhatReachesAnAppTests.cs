using System.Net;
using System.Text;
using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// What reaches an app through the edge, seen from inside the app: tests/HeaderEcho runs in slot blue and answers with
/// the request headers it got. The edge itself is started with a CI job's variables in its environment, as an edge
/// started by hand inside a CI job would be.
/// </summary>
[TestFixture]
public sealed class WhatReachesAnAppTests
{
    private const string TrackingId = "github_what-reaches-an-app-test";
    private const string JobToken = "glcbt-what-reaches-an-app-test";
    private EdgeUnderTest _edge = null!;
    private SlotState _blue = null!;

    [OneTimeSetUp]
    public async Task StartEdgeWithTheEchoAppLive()
    {
        _edge = await EdgeUnderTest.StartAsync(new Dictionary<string, string> { ["RUNNER_TRACKING_ID"] = TrackingId, ["CI_JOB_TOKEN"] = JobToken });
        await _edge.StartSlotAsync("blue", HeaderEchoApp.Release("1"));
        _blue = await _edge.WaitForSlotAsync("blue", SlotStatus.Running);
        await _edge.SetTrafficAsync(blue: 100, green: 0);
    }

    [OneTimeTearDown]
    public async Task EndEdge()
    {
        if (_edge != null)
            await _edge.DisposeAsync();
    }

    [Test]
    public async Task The_operator_token_never_reaches_the_app()
    {
        using var response = await _edge.OperatorGetAsync("blue", "anything");
        var body = await response.Content.ReadAsStringAsync();
        var headers = await HeaderEchoApp.HeadersAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(response.Headers.GetValues(EdgeFiles.ServedByHeader).Single(), Is.EqualTo("blue"));
        Assert.That(headers.Keys, Does.Not.Contain(EdgeFiles.OperatorHeader));
        Assert.That(body, Does.Not.Contain(_edge.Token));
    }

    [Test]
    public async Task A_wrong_operator_token_is_removed_too_and_the_request_is_a_customers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "anything");
        request.Headers.Add(EdgeFiles.OperatorHeader, "not-the-token");
        request.Headers.Add("X-Customer", "kept");
        using var response = await _edge.Public.SendAsync(request);
        var headers = await HeaderEchoApp.HeadersAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(headers.Keys, Does.Not.Contain(EdgeFiles.OperatorHeader));
        Assert.That(headers["X-Customer"], Is.EqualTo(new[] { "kept" }), "other headers pass as they came");
    }

    [Test]
    public void A_release_gets_none_of_the_ci_jobs_variables_even_from_an_edge_that_has_them()
    {
        var edgeEnvironment = EnvironmentOf(_edge.Process.Id);
        var appEnvironment = EnvironmentOf(_blue.Pid!.Value);

        Assert.That(edgeEnvironment, Does.Contain($"RUNNER_TRACKING_ID={TrackingId}"), "the test's premise: the edge has them");
        Assert.That(appEnvironment, Has.None.StartsWith("RUNNER_TRACKING_ID=").And.None.StartsWith("CI_JOB_TOKEN="));
        Assert.That(appEnvironment, Does.Contain($"ASPNETCORE_URLS=http://127.0.0.1:{_blue.Port}"));
    }

    private static IReadOnlyList<string> EnvironmentOf(int pid) =>
        Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
