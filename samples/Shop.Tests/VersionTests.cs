using System.Net.Http.Json;
using NUnit.Framework;

namespace Shop.Tests;

public sealed class VersionTests
{
    private TemporaryDatabase _database = null!;
    private RunningShop _shop = null!;

    [OneTimeSetUp]
    public async Task StartShop()
    {
        _database = new TemporaryDatabase();
        _shop = await RunningShop.StartAsync(_database, "--Shop:Version=7.7.7");
    }

    [OneTimeTearDown]
    public async Task StopShop()
    {
        await _shop.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Version_endpoint_and_header_report_the_configured_version()
    {
        var response = await _shop.Client.GetAsync("/version");

        Assert.That((await response.ReadAsync<VersionBody>()).Version, Is.EqualTo("7.7.7"));
        Assert.That(response.Headers.GetValues("X-App-Version"), Is.EqualTo(new[] { "7.7.7" }));
    }

    [TestCase("/")]
    [TestCase("/health/live")]
    [TestCase("/api/products/987654")]
    [TestCase("/no/such/page")]
    public async Task Every_response_carries_the_version_header(string path)
    {
        var response = await _shop.Client.GetAsync(path);

        Assert.That(response.Headers.GetValues("X-App-Version"), Is.EqualTo(new[] { "7.7.7" }), $"{path} answered {(int)response.StatusCode}");
    }
}
