using Microsoft.Data.Sqlite;
using Shop.Data;

namespace Shop.Health;

/// <summary>Ready means this release can serve a customer: its startup delay has passed and the database answers
/// a real query against the shop's schema (an empty or wrong file fails it).</summary>
public sealed class ReadinessCheck(StartupGate startup, ShopDatabase database)
{
    public async Task<(bool Ready, string Reason)> CheckAsync(CancellationToken cancellationToken)
    {
        if (!startup.IsOpen)
            return (false, "starting");
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM products;";
            await command.ExecuteScalarAsync(cancellationToken);
            return (true, "ready");
        }
        catch (SqliteException error)
        {
            return (false, $"database unavailable: {error.Message}");
        }
    }
}
