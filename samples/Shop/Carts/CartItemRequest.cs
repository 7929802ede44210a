namespace Shop.Carts;

/// <summary>The body of POST /api/carts/{id}/items and of the one-shot POST /api/checkout.</summary>
public sealed record CartItemRequest(long ProductId, int Quantity);
