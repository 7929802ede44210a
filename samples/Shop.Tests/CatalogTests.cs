using System.Net;
using System.Net.Http.Json;
using NUnit.Framework;

namespace Shop.Tests;

public sealed class CatalogTests
{
    private TemporaryDatabase _database = null!;
    private RunningShop _shop = null!;

    [OneTimeSetUp]
    public async Task StartShop()
    {
        _database = new TemporaryDatabase();
        _shop = await RunningShop.StartAsync(_database, "--Shop:Version=3.1.4");
    }

    [OneTimeTearDown]
    public async Task StopShop()
    {
        await _shop.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Product_list_holds_the_seeded_catalog()
    {
        var products = (await _shop.Client.GetFromJsonAsync<ProductBody[]>("/api/products"))!;

        Assert.That(products, Has.Length.EqualTo(6));
        Assert.That(products.Select(product => product.Name), Does.Contain("Ceramic mug"));
        Assert.That(products.Select(product => product.Price), Is.All.GreaterThan(0m));
    }

    [Test]
    public async Task A_product_is_found_by_its_id()
    {
        var products = await _shop.Client.GetFromJsonAsync<ProductBody[]>("/api/products");

        var product = await _shop.Client.GetFromJsonAsync<ProductBody>($"/api/products/{products![2].Id}");

        Assert.That(product, Is.EqualTo(products[2]));
    }

    [Test]
    public async Task An_unknown_product_is_not_found()
    {
        var response = await _shop.Client.GetAsync("/api/products/987654");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await response.ReadAsync<ProblemBody>()).Detail, Does.Contain("987654"));
    }

    [Test]
    public async Task Home_page_names_the_version_and_lists_the_products()
    {
        var response = await _shop.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("Shop 3.1.4").And.Contain("Ceramic mug"));
    }
}
