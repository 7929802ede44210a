namespace Shop.Carts;

/// <summary>The answers to a rejected cart request, shared by the cart endpoints and the one-shot checkout. Each
/// names the value that was wrong, so a failing synthetic check says what it sent.</summary>
public static class CartProblems
{
    public static IResult? InvalidQuantity(CartItemRequest request) =>
        request.Quantity > 0
            ? null
            : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid quantity",
                detail: $"quantity must be greater than 0, got {request.Quantity}.");

    public static IResult CartNotFound(long cartId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Cart not found", detail: $"There is no cart {cartId}.");

    public static IResult CartNotOpen(long cartId) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cart already checked out",
            detail: $"Cart {cartId} is being paid for or already ordered.");

    public static IResult UnknownProduct(long productId) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown product",
            detail: $"productId {productId} is not in the catalog.");

    public static IResult For(AddItemResult rejected, long cartId, CartItemRequest request) => rejected switch
    {
        AddItemResult.CartNotFound => CartNotFound(cartId),
        AddItemResult.CartNotOpen => CartNotOpen(cartId),
        AddItemResult.UnknownProduct => UnknownProduct(request.ProductId),
        _ => throw new ArgumentOutOfRangeException(nameof(rejected), rejected, "not a rejection"),
    };
}
