namespace Shop.Carts;

public sealed record Cart(long Id, string Status, IReadOnlyList<CartLine> Items, decimal Total);

/// <summary>A product in a cart, priced at the catalog's current price: a cart promises nothing until checkout.</summary>
public sealed record CartLine(long ProductId, string Name, decimal UnitPrice, long Quantity)
{
    public decimal LineTotal => UnitPrice * Quantity;
}

/// <summary>The life of a cart: items can be added while open; checkout claims it while paying, so a second checkout
/// of the same cart cannot charge twice; an order closes it.</summary>
public static class CartStatus
{
    public const string Open = "open";
    public const string Paying = "paying";
    public const string Ordered = "ordered";
}
