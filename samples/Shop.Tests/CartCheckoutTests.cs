using System.Net;
using System.Net.Http.Json;
using NUnit.Framework;

namespace Shop.Tests;

public sealed class CartCheckoutTests
{
    private TemporaryDatabase _database = null!;
    private RunningShop _shop = null!;
    private ProductBody[] _products = null!;

    private HttpClient Client => _shop.Client;

    [OneTimeSetUp]
    public async Task StartShop()
    {
        _database = new TemporaryDatabase();
        _shop = await RunningShop.StartAsync(_database);
        _products = (await Client.GetFromJsonAsync<ProductBody[]>("/api/products"))!;
    }

    [OneTimeTearDown]
    public async Task StopShop()
    {
        await _shop.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Checking_out_a_cart_creates_an_order_with_the_cart_total()
    {
        var (mug, grinder) = (_products[2], _products[3]);
        var cartId = await Client.CreateCartAsync();
        (await Client.AddItemAsync(cartId, mug.Id, 2)).EnsureSuccessStatusCode();
        (await Client.AddItemAsync(cartId, grinder.Id, 1)).EnsureSuccessStatusCode();
        (await Client.AddItemAsync(cartId, mug.Id, 1)).EnsureSuccessStatusCode();
        var expectedTotal = 3 * mug.Price + grinder.Price;

        var checkout = await Client.CheckoutAsync(cartId);

        Assert.That(checkout.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var receipt = await checkout.ReadAsync<ReceiptBody>();
        Assert.That(receipt.Total, Is.EqualTo(expectedTotal));
        var order = await Client.GetFromJsonAsync<OrderBody>($"/api/orders/{receipt.OrderId}");
        Assert.That(order!.Total, Is.EqualTo(expectedTotal));
        Assert.That(order.CartId, Is.EqualTo(cartId));
        Assert.That(order.Lines.Select(line => (line.ProductId, line.Quantity)), Is.EqualTo(new[] { (mug.Id, 3L), (grinder.Id, 1L) }));
        Assert.That(checkout.Headers.Location?.ToString(), Is.EqualTo($"/api/orders/{receipt.OrderId}"));
    }

    [Test]
    public async Task Adding_a_non_positive_quantity_is_rejected_naming_the_value()
    {
        var cartId = await Client.CreateCartAsync();

        var response = await Client.AddItemAsync(cartId, _products[0].Id, -3);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadAsync<ProblemBody>()).Detail, Does.Contain("quantity").And.Contain("-3"));
    }

    [Test]
    public async Task Adding_an_unknown_product_is_rejected_naming_it()
    {
        var cartId = await Client.CreateCartAsync();

        var response = await Client.AddItemAsync(cartId, 987654, 1);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadAsync<ProblemBody>()).Detail, Does.Contain("987654"));
    }

    [Test]
    public async Task Checking_out_an_empty_cart_is_rejected()
    {
        var cartId = await Client.CreateCartAsync();

        var response = await Client.CheckoutAsync(cartId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.ReadAsync<ProblemBody>()).Detail, Does.Contain($"Cart {cartId}"));
    }

    [Test]
    public async Task A_cart_cannot_be_checked_out_twice()
    {
        var cartId = await Client.CreateCartAsync();
        (await Client.AddItemAsync(cartId, _products[0].Id, 1)).EnsureSuccessStatusCode();
        (await Client.CheckoutAsync(cartId)).EnsureSuccessStatusCode();

        var second = await Client.CheckoutAsync(cartId);

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task One_shot_checkout_creates_an_order_for_the_item()
    {
        var kettle = _products[4];

        var response = await Client.PostAsJsonAsync("/api/checkout", new { productId = kettle.Id, quantity = 2 });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var receipt = await response.ReadAsync<ReceiptBody>();
        Assert.That(receipt.Total, Is.EqualTo(2 * kettle.Price));
        var order = await Client.GetFromJsonAsync<OrderBody>($"/api/orders/{receipt.OrderId}");
        Assert.That(order!.Lines.Single().ProductId, Is.EqualTo(kettle.Id));
    }

    [Test]
    public async Task An_unknown_order_is_not_found()
    {
        var response = await Client.GetAsync("/api/orders/987654");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
