using Microsoft.Data.Sqlite;

namespace Shop.Data;

/// <summary>
/// Creates the schema and the starting catalog. Idempotent, because every release runs it at startup, possibly at the
/// same moment as the other release. Money is stored in integer cents so totals add up exactly.
/// </summary>
public static class ShopSchema
{
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS products (
            id          INTEGER PRIMARY KEY,
            name        TEXT    NOT NULL,
            price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
        );
        CREATE TABLE IF NOT EXISTS carts (
            id         INTEGER PRIMARY KEY,
            status     TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paying', 'ordered')),
            created_at TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cart_items (
            cart_id    INTEGER NOT NULL REFERENCES carts (id),
            product_id INTEGER NOT NULL REFERENCES products (id),
            quantity   INTEGER NOT NULL CHECK (quantity > 0),
            PRIMARY KEY (cart_id, product_id)
        );
        CREATE TABLE IF NOT EXISTS orders (
            id          INTEGER PRIMARY KEY,
            cart_id     INTEGER NOT NULL UNIQUE REFERENCES carts (id),
            total_cents INTEGER NOT NULL,
            payment_id  TEXT    NOT NULL,
            created_at  TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS order_lines (
            order_id         INTEGER NOT NULL REFERENCES orders (id),
            product_id       INTEGER NOT NULL REFERENCES products (id),
            product_name     TEXT    NOT NULL,
            unit_price_cents INTEGER NOT NULL,
            quantity         INTEGER NOT NULL CHECK (quantity > 0),
            PRIMARY KEY (order_id, product_id)
        );
        """;

    private static readonly (string Name, long PriceCents)[] StartingCatalog =
    [
        ("Espresso beans, 1 kg", 2450),
        ("Filter coffee, 500 g", 1190),
        ("Ceramic mug", 990),
        ("Hand grinder", 5900),
        ("Pour-over kettle", 4450),
        ("Paper filters, 100", 450),
    ];

    public static void Ensure(ShopDatabase database)
    {
        using var connection = database.Open();
        // IMMEDIATE takes the write lock first, so two releases starting together cannot both see an empty catalog.
        using var transaction = connection.BeginTransaction(deferred: false);

        using (var create = connection.CreateCommand())
        {
            create.CommandText = Tables;
            create.ExecuteNonQuery();
        }

        using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM products;";
            if ((long)count.ExecuteScalar()! == 0)
                Seed(connection);
        }

        transaction.Commit();
    }

    private static void Seed(SqliteConnection connection)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO products (name, price_cents) VALUES ($name, $price);";
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var price = insert.Parameters.Add("$price", SqliteType.Integer);
        foreach (var product in StartingCatalog)
        {
            name.Value = product.Name;
            price.Value = product.PriceCents;
            insert.ExecuteNonQuery();
        }
    }
}
