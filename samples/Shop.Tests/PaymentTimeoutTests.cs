using System.Net;
using System.Net.Http.Json;
using NUnit.Framework;

namespace Shop.Tests;

/// <summary>The provider outage a deploy must catch after a release switch: checkouts fail loudly and record nothing.</summary>
public sealed class PaymentTimeoutTests
{
    private TemporaryDatabase _database = null!;
    private RunningShop _shop = null!;

    [OneTimeSetUp]
    public async Task StartShopWithASlowProvider()
    {
        _database = new TemporaryDatabase();
        _shop = await RunningShop.StartAsync(_database, "--Payment:LatencyMs=300", "--Shop:PaymentTimeoutMs=100");
    }

    [OneTimeTearDown]
    public async Task StopShop()
    {
        await _shop.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Checkout_fails_with_500_and_writes_no_order_when_the_payment_provider_times_out()
    {
        var client = _shop.Client;
        var products = await client.GetFromJsonAsync<ProductBody[]>("/api/products");
        var cartId = await client.CreateCartAsync();
        (await client.AddItemAsync(cartId, products![0].Id, 1)).EnsureSuccessStatusCode();

        var response = await client.CheckoutAsync(cartId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That((await response.ReadAsync<ProblemBody>()).Detail, Does.Contain("payment provider timed out after 100 ms"));
        Assert.That(_database.Count("orders"), Is.Zero);
        Assert.That(_database.Count("order_lines"), Is.Zero);
        var cart = await client.GetFromJsonAsync<CartBody>($"/api/carts/{cartId}");
        Assert.That(cart!.Status, Is.EqualTo("open"), "a failed payment gives the cart back to the customer");
    }
}
