using System.Globalization;
using Microsoft.Data.Sqlite;
using Shop.Carts;
using Shop.Data;

namespace Shop.Checkout;

public sealed class OrderStore(ShopDatabase database, TimeProvider time)
{
    /// <summary>Writes the order and its lines and closes the cart, all or nothing.</summary>
    public async Task<CheckoutReceipt> PlaceAsync(long cartId, IReadOnlyList<CartLine> lines, string paymentId)
    {
        // Not cancellable: the customer has been charged, so the order is recorded even if the client hung up.
        var cancellationToken = CancellationToken.None;
        var total = lines.Sum(line => line.LineTotal);

        await using var write = await database.BeginWriteAsync(cancellationToken);

        long orderId;
        await using (var order = write.CreateCommand("""
            INSERT INTO orders (cart_id, total_cents, payment_id, created_at) VALUES ($cart, $total, $payment, $now)
            RETURNING id;
            """))
        {
            order.Parameters.AddWithValue("$cart", cartId);
            order.Parameters.AddWithValue("$total", Cents(total));
            order.Parameters.AddWithValue("$payment", paymentId);
            order.Parameters.AddWithValue("$now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            orderId = (long)(await order.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var line = write.CreateCommand("""
            INSERT INTO order_lines (order_id, product_id, product_name, unit_price_cents, quantity)
            VALUES ($order, $product, $name, $price, $quantity);
            """))
        {
            line.Parameters.AddWithValue("$order", orderId);
            var product = line.Parameters.Add("$product", SqliteType.Integer);
            var name = line.Parameters.Add("$name", SqliteType.Text);
            var price = line.Parameters.Add("$price", SqliteType.Integer);
            var quantity = line.Parameters.Add("$quantity", SqliteType.Integer);
            foreach (var cartLine in lines)
            {
                product.Value = cartLine.ProductId;
                name.Value = cartLine.Name;
                price.Value = Cents(cartLine.UnitPrice);
                quantity.Value = cartLine.Quantity;
                await line.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // Closing the cart belongs to the same transaction: an order without a closed cart could be paid twice.
        await using (var close = write.CreateCommand("UPDATE carts SET status = $ordered WHERE id = $cart;"))
        {
            close.Parameters.AddWithValue("$ordered", CartStatus.Ordered);
            close.Parameters.AddWithValue("$cart", cartId);
            await close.ExecuteNonQueryAsync(cancellationToken);
        }

        await write.CommitAsync(cancellationToken);
        return new CheckoutReceipt(orderId, total);
    }

    public async Task<Order?> FindAsync(long orderId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.cart_id, o.total_cents, o.payment_id, o.created_at,
                   l.product_id, l.product_name, l.unit_price_cents, l.quantity
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.id = $order ORDER BY l.product_id;
            """;
        command.Parameters.AddWithValue("$order", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        Order? order = null;
        var lines = new List<OrderLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            order ??= new Order(orderId, reader.GetInt64(0), reader.GetInt64(1) / 100m, reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), lines);
            lines.Add(new OrderLine(reader.GetInt64(4), reader.GetString(5), reader.GetInt64(6) / 100m, reader.GetInt64(7)));
        }
        return order;
    }

    private static long Cents(decimal amount) => decimal.ToInt64(amount * 100m);
}
