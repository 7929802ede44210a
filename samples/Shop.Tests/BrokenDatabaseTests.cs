using System.Net;
using NUnit.Framework;

namespace Shop.Tests;

/// <summary>A release whose database stops answering for products, as after a bad migration or a wrong file.</summary>
public sealed class BrokenDatabaseTests
{
    private TemporaryDatabase _database = null!;
    private RunningShop _shop = null!;

    [OneTimeSetUp]
    public async Task StartShopThenBreakItsDatabase()
    {
        _database = new TemporaryDatabase();
        _shop = await RunningShop.StartAsync(_database, "--Shop:Version=4.0.4");
        var before = await _shop.Client.GetAsync("/health/ready");
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the shop must be ready before its database breaks");
        _database.Query("ALTER TABLE products RENAME TO products_moved_away;");
    }

    [OneTimeTearDown]
    public async Task StopShop()
    {
        await _shop.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Readiness_is_503_naming_the_reason_when_the_database_cannot_answer_for_products()
    {
        var response = await _shop.Client.GetAsync("/health/ready");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("database unavailable").And.Contain("products"));
    }

    [Test]
    public async Task A_server_error_is_problem_json_and_still_carries_the_version_header()
    {
        var response = await _shop.Client.GetAsync("/api/products");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(response.Headers.GetValues("X-App-Version"), Is.EqualTo(new[] { "4.0.4" }));
    }
}
