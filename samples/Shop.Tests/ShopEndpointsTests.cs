using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using NUnit.Framework;

namespace Shop.Tests;

public sealed class ShopEndpointsTests
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartShop()
    {
        _app = ShopApp.Build(["--urls=http://127.0.0.1:0", "--Shop:Version=7.7.7"]);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    [OneTimeTearDown]
    public async Task StopShop()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Test]
    public async Task Liveness_answers_ok()
    {
        var response = await _client.GetAsync("/health/live");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Version_endpoint_and_header_report_the_configured_version()
    {
        var response = await _client.GetAsync("/version");
        var body = await response.Content.ReadFromJsonAsync<VersionBody>();
        Assert.Multiple(() =>
        {
            Assert.That(body!.Version, Is.EqualTo("7.7.7"));
            Assert.That(response.Headers.GetValues("X-App-Version"), Is.EqualTo(new[] { "7.7.7" }));
        });
    }

    private sealed record VersionBody(string Version);
}
