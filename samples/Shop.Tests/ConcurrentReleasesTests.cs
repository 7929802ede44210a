using System.Net;
using System.Net.Http.Json;
using NUnit.Framework;

namespace Shop.Tests;

/// <summary>Blue and green releases share one SQLite file during a switch; neither may fail the other's writes.</summary>
public sealed class ConcurrentReleasesTests
{
    private const int CheckoutsPerRelease = 20;

    private TemporaryDatabase _database = null!;
    private RunningShop _blue = null!;
    private RunningShop _green = null!;

    [OneTimeSetUp]
    public async Task StartBothReleases()
    {
        _database = new TemporaryDatabase();
        _blue = await RunningShop.StartAsync(_database, "--Shop:Version=1.0.0");
        _green = await RunningShop.StartAsync(_database, "--Shop:Version=2.0.0");
    }

    [OneTimeTearDown]
    public async Task StopBothReleases()
    {
        await _blue.DisposeAsync();
        await _green.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Two_releases_on_one_database_check_out_concurrently_without_errors()
    {
        var products = await _blue.Client.GetFromJsonAsync<ProductBody[]>("/api/products");
        var checkouts = Enumerable.Range(0, CheckoutsPerRelease)
            .SelectMany(i => new[] { _blue.Client, _green.Client }.Select(client =>
                client.PostAsJsonAsync("/api/checkout", new { productId = products![i % products.Length].Id, quantity = 1 + i % 3 })))
            .ToArray();

        var responses = await Task.WhenAll(checkouts);

        var failures = await Task.WhenAll(responses.Where(response => response.StatusCode != HttpStatusCode.Created)
            .Select(async response => $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"));
        Assert.That(failures, Is.Empty);
        var orderIds = await Task.WhenAll(responses.Select(async response => (await response.ReadAsync<ReceiptBody>()).OrderId));
        Assert.That(orderIds.Distinct().Count(), Is.EqualTo(2 * CheckoutsPerRelease));
        Assert.That(_database.Count("orders"), Is.EqualTo(2 * CheckoutsPerRelease));
    }
}
