using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Deploy.Recipes.Database;

/// <summary>
/// Finds what a Down would destroy: it runs the Down on a fresh clone, sees which tables and columns disappear, and
/// counts the values production holds in them. Anything above zero is data a schema rollback would lose.
/// </summary>
public static class DataLossCheck
{
    /// <summary>One line per table or column the Down drops while it holds data; empty when the Down loses nothing.</summary>
    public static IReadOnlyList<string> Find(string provider, string cloneConnection, Action downOnClone)
    {
        var before = Columns(provider, cloneConnection);
        var holding = new Dictionary<(string Table, string Column), long>();
        using (var db = Open(provider, cloneConnection))
        {
            foreach (var (table, column) in before)
                holding[(table, column)] = Count(db, $"SELECT count(*) FROM {Quote(table)} WHERE {Quote(column)} IS NOT NULL");
        }

        downOnClone();
        var after = Columns(provider, cloneConnection);
        return before.Except(after)
            .Where(c => holding[c] > 0)
            .Select(c => $"{c.Table}.{c.Column} holds {holding[c]} value(s)")
            .ToList();
    }

    private static HashSet<(string Table, string Column)> Columns(string provider, string connection)
    {
        using var db = Open(provider, connection);
        using var command = db.CreateCommand();
        command.CommandText = provider == "sqlite"
            ? "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'VersionInfo'"
            : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'VersionInfo'";
        using var reader = command.ExecuteReader();
        var columns = new HashSet<(string, string)>();
        while (reader.Read())
            columns.Add((reader.GetString(0), reader.GetString(1)));
        return columns;
    }

    private static long Count(DbConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static DbConnection Open(string provider, string connection)
    {
        DbConnection db = provider == "sqlite" ? new SqliteConnection(connection) : new NpgsqlConnection(connection);
        db.Open();
        return db;
    }
}
