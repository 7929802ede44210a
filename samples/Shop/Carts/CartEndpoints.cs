namespace Shop.Carts;

public static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCarts(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/carts", async (CartStore carts, CancellationToken cancellationToken) =>
        {
            var id = await carts.CreateAsync(cancellationToken);
            return Results.Created($"/api/carts/{id}", new { id });
        });

        routes.MapGet("/api/carts/{id:long}", async (long id, CartStore carts, CancellationToken cancellationToken) =>
            await carts.FindAsync(id, cancellationToken) is { } cart ? Results.Ok(cart) : CartProblems.CartNotFound(id));

        routes.MapPost("/api/carts/{id:long}/items", AddItem);
        return routes;
    }

    private static async Task<IResult> AddItem(long id, CartItemRequest request, CartStore carts, CancellationToken cancellationToken)
    {
        if (CartProblems.InvalidQuantity(request) is { } invalid)
            return invalid;

        var added = await carts.AddItemAsync(id, request.ProductId, request.Quantity, cancellationToken);
        if (added != AddItemResult.Added)
            return CartProblems.For(added, id, request);

        return await carts.FindAsync(id, cancellationToken) is { } cart ? Results.Ok(cart) : CartProblems.CartNotFound(id);
    }
}
