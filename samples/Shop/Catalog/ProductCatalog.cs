using Microsoft.Data.Sqlite;
using Shop.Data;

namespace Shop.Catalog;

/// <summary>Reads the products table.</summary>
public sealed class ProductCatalog(ShopDatabase database)
{
    public async Task<IReadOnlyList<Product>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, price_cents FROM products ORDER BY id;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var products = new List<Product>();
        while (await reader.ReadAsync(cancellationToken))
            products.Add(Read(reader));
        return products;
    }

    public async Task<Product?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, price_cents FROM products WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Product Read(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) / 100m);
}
