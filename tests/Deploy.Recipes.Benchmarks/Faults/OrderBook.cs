using Microsoft.Data.Sqlite;

namespace Deploy.Recipes.Benchmarks.Faults;

/// <summary>The order ids a SQLite shop database holds, read without locking the shop out.</summary>
internal static class OrderBook
{
    public static HashSet<long> Read(string databaseFile)
    {
        var ids = new HashSet<long>();
        if (!File.Exists(databaseFile))
            return ids;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM orders";
        using var reader = command.ExecuteReader();
        while (reader.Read())
            ids.Add(reader.GetInt64(0));
        return ids;
    }
}
