using System.Globalization;
using Microsoft.Data.Sqlite;
using Shop.Data;

namespace Shop.Carts;

/// <summary>Carts and their items. Each change is one write transaction, so the checks it makes (does the cart exist,
/// is it open) still hold when it writes, whatever the other release does meanwhile.</summary>
public sealed class CartStore(ShopDatabase database, TimeProvider time)
{
    public async Task<long> CreateAsync(CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var cartId = await InsertCartAsync(write, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return cartId;
    }

    /// <summary>A new cart holding one item, in one transaction: the one-shot checkout's cart.</summary>
    public async Task<(AddItemResult Result, long CartId)> CreateWithItemAsync(long productId, int quantity, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        if (!await ProductExistsAsync(write, productId, cancellationToken))
            return (AddItemResult.UnknownProduct, 0);
        var cartId = await InsertCartAsync(write, cancellationToken);
        await UpsertItemAsync(write, cartId, productId, quantity, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return (AddItemResult.Added, cartId);
    }

    public async Task<Cart?> FindAsync(long cartId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var status = await StatusAsync(connection, cartId, cancellationToken);
        if (status is null)
            return null;
        var lines = await LinesAsync(connection, cartId, cancellationToken);
        return new Cart(cartId, status, lines, lines.Sum(line => line.LineTotal));
    }

    public async Task<AddItemResult> AddItemAsync(long cartId, long productId, int quantity, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var status = await StatusAsync(write.Connection, cartId, cancellationToken);
        if (status is null)
            return AddItemResult.CartNotFound;
        if (status != CartStatus.Open)
            return AddItemResult.CartNotOpen;
        if (!await ProductExistsAsync(write, productId, cancellationToken))
            return AddItemResult.UnknownProduct;

        await UpsertItemAsync(write, cartId, productId, quantity, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return AddItemResult.Added;
    }

    /// <summary>Moves an open, non-empty cart to paying and returns the lines to charge for.</summary>
    public async Task<(ClaimResult Result, IReadOnlyList<CartLine> Lines)> ClaimForPaymentAsync(long cartId, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var status = await StatusAsync(write.Connection, cartId, cancellationToken);
        if (status is null)
            return (ClaimResult.CartNotFound, []);
        if (status != CartStatus.Open)
            return (ClaimResult.CartNotOpen, []);
        var lines = await LinesAsync(write.Connection, cartId, cancellationToken);
        if (lines.Count == 0)
            return (ClaimResult.CartEmpty, []);

        await SetStatusAsync(write, cartId, from: CartStatus.Open, to: CartStatus.Paying, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return (ClaimResult.Claimed, lines);
    }

    /// <summary>Reopens a cart whose payment failed, so the customer can try again.</summary>
    public async Task ReleaseClaimAsync(long cartId)
    {
        // Not cancellable: it runs after the request failed or was aborted, and must still reopen the cart.
        await using var write = await database.BeginWriteAsync(CancellationToken.None);
        await SetStatusAsync(write, cartId, from: CartStatus.Paying, to: CartStatus.Open, CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
    }

    private async Task<long> InsertCartAsync(WriteTransaction write, CancellationToken cancellationToken)
    {
        await using var insert = write.CreateCommand("INSERT INTO carts (status, created_at) VALUES ($status, $now) RETURNING id;");
        insert.Parameters.AddWithValue("$status", CartStatus.Open);
        insert.Parameters.AddWithValue("$now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<bool> ProductExistsAsync(WriteTransaction write, long productId, CancellationToken cancellationToken)
    {
        await using var exists = write.CreateCommand("SELECT 1 FROM products WHERE id = $product;");
        exists.Parameters.AddWithValue("$product", productId);
        return await exists.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task UpsertItemAsync(WriteTransaction write, long cartId, long productId, int quantity, CancellationToken cancellationToken)
    {
        await using var upsert = write.CreateCommand("""
            INSERT INTO cart_items (cart_id, product_id, quantity) VALUES ($cart, $product, $quantity)
            ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = quantity + excluded.quantity;
            """);
        upsert.Parameters.AddWithValue("$cart", cartId);
        upsert.Parameters.AddWithValue("$product", productId);
        upsert.Parameters.AddWithValue("$quantity", quantity);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> StatusAsync(SqliteConnection connection, long cartId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM carts WHERE id = $cart;";
        command.Parameters.AddWithValue("$cart", cartId);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<CartLine>> LinesAsync(SqliteConnection connection, long cartId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT i.product_id, p.name, p.price_cents, i.quantity
            FROM cart_items i JOIN products p ON p.id = i.product_id
            WHERE i.cart_id = $cart ORDER BY i.product_id;
            """;
        command.Parameters.AddWithValue("$cart", cartId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<CartLine>();
        while (await reader.ReadAsync(cancellationToken))
            lines.Add(new CartLine(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) / 100m, reader.GetInt64(3)));
        return lines;
    }

    private static async Task SetStatusAsync(WriteTransaction write, long cartId, string from, string to, CancellationToken cancellationToken)
    {
        await using var command = write.CreateCommand("UPDATE carts SET status = $to WHERE id = $cart AND status = $from;");
        command.Parameters.AddWithValue("$cart", cartId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
