using Shop.Carts;

namespace Shop.Checkout;

public static class CheckoutEndpoints
{
    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/carts/{id:long}/checkout", async (long id, CheckoutService checkout, CancellationToken cancellationToken) =>
            Answer(await checkout.CheckoutAsync(id, cancellationToken), id));

        routes.MapPost("/api/checkout", CheckoutOneItem);

        routes.MapGet("/api/orders/{id:long}", async (long id, OrderStore orders, CancellationToken cancellationToken) =>
            await orders.FindAsync(id, cancellationToken) is { } order
                ? Results.Ok(order)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: $"There is no order {id}."));

        return routes;
    }

    /// <summary>Cart, item and checkout in one call: what synthetic traffic uses to exercise the whole purchase path.</summary>
    private static async Task<IResult> CheckoutOneItem(
        CartItemRequest request, CartStore carts, CheckoutService checkout, CancellationToken cancellationToken)
    {
        if (CartProblems.InvalidQuantity(request) is { } invalid)
            return invalid;
        var (added, cartId) = await carts.CreateWithItemAsync(request.ProductId, request.Quantity, cancellationToken);
        if (added != AddItemResult.Added)
            return CartProblems.For(added, cartId, request);

        return Answer(await checkout.CheckoutAsync(cartId, cancellationToken), cartId);
    }

    private static IResult Answer(CheckoutOutcome outcome, long cartId) => outcome switch
    {
        CheckoutOutcome.Placed placed => Results.Created($"/api/orders/{placed.Receipt.OrderId}", placed.Receipt),
        CheckoutOutcome.Rejected { Reason: ClaimResult.CartNotFound } => CartProblems.CartNotFound(cartId),
        CheckoutOutcome.Rejected { Reason: ClaimResult.CartNotOpen } => CartProblems.CartNotOpen(cartId),
        CheckoutOutcome.Rejected { Reason: ClaimResult.CartEmpty } => Results.Problem(
            statusCode: StatusCodes.Status400BadRequest, title: "Empty cart", detail: $"Cart {cartId} has no items to check out."),
        // A 500, not a 504: the shop itself failed the customer, and that is what a release's error rate must show.
        CheckoutOutcome.PaymentTimedOut timedOut => Results.Problem(
            statusCode: StatusCodes.Status500InternalServerError, title: "Payment provider timed out",
            detail: $"The payment provider timed out after {timedOut.Timeout.TotalMilliseconds} ms; no order was placed."),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unhandled checkout outcome"),
    };
}
