using System.Net.Http.Json;

namespace Shop.Tests;

// The JSON the shop answers with, as a client reads it.
internal sealed record ProductBody(long Id, string Name, decimal Price);
internal sealed record CreatedCartBody(long Id);
internal sealed record CartBody(long Id, string Status, CartLineBody[] Items, decimal Total);
internal sealed record CartLineBody(long ProductId, string Name, decimal UnitPrice, long Quantity, decimal LineTotal);
internal sealed record ReceiptBody(long OrderId, decimal Total);
internal sealed record OrderBody(long Id, long CartId, decimal Total, string PaymentId, OrderLineBody[] Lines);
internal sealed record OrderLineBody(long ProductId, string Name, decimal UnitPrice, long Quantity, decimal LineTotal);
internal sealed record ProblemBody(int Status, string Title, string Detail);
internal sealed record VersionBody(string Version);

internal static class ShopClient
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>() ?? throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered no body.");

    public static async Task<long> CreateCartAsync(this HttpClient client)
    {
        var response = await client.PostAsync("/api/carts", content: null);
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<CreatedCartBody>()).Id;
    }

    public static Task<HttpResponseMessage> AddItemAsync(this HttpClient client, long cartId, long productId, int quantity) =>
        client.PostAsJsonAsync($"/api/carts/{cartId}/items", new { productId, quantity });

    public static Task<HttpResponseMessage> CheckoutAsync(this HttpClient client, long cartId) =>
        client.PostAsync($"/api/carts/{cartId}/checkout", content: null);
}
