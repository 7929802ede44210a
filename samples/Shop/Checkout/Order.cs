namespace Shop.Checkout;

public sealed record Order(long Id, long CartId, decimal Total, string PaymentId, DateTimeOffset CreatedAt, IReadOnlyList<OrderLine> Lines);

/// <summary>A product as it was sold: name and price are copied at checkout, so later catalog changes leave the order as paid.</summary>
public sealed record OrderLine(long ProductId, string Name, decimal UnitPrice, long Quantity)
{
    public decimal LineTotal => UnitPrice * Quantity;
}

/// <summary>The answer to a successful checkout.</summary>
public sealed record CheckoutReceipt(long OrderId, decimal Total);
