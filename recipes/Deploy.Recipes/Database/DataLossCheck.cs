using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Deploy.Recipes.Database;

/// <summary>What a table holds, in a form cheap to compare: its row count and, per column, a fingerprint of its values.</summary>
/// <param name="Rows">Rows in the table.</param>
/// <param name="Columns">Per column: how many values are not NULL, and an order-independent hash of those values.</param>
public sealed record TableContent(long Rows, IReadOnlyDictionary<string, (long Values, ulong Hash)> Columns);

/// <summary>
/// Finds what a Down would destroy: it fingerprints every table of a fresh clone, runs the Down there and compares.
/// Data is lost when a table or column that held values is dropped, when rows disappear, or when values that stay
/// change (a column narrowed: text cut short, decimals rounded, values set to NULL). Any of these stops a schema
/// rollback.
/// </summary>
public static class DataLossCheck
{
    /// <summary>One line per loss the Down causes on the clone; empty when it loses nothing.</summary>
    public static IReadOnlyList<string> Find(string provider, string cloneConnection, Action downOnClone)
    {
        var before = Read(provider, cloneConnection);
        downOnClone();
        return Compare(before, Read(provider, cloneConnection));
    }

    /// <summary>The losses between two readings of the same database, before and after a Down.</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyDictionary<string, TableContent> before, IReadOnlyDictionary<string, TableContent> after)
    {
        var losses = new List<string>();
        foreach (var (table, was) in before.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            after.TryGetValue(table, out var now);
            foreach (var (column, (values, _)) in was.Columns.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (values > 0 && (now == null || !now.Columns.ContainsKey(column)))
                    losses.Add($"{table}.{column} holds {values} value(s)");
            }

            if (now == null)
                continue;
            if (now.Rows < was.Rows)
            {
                losses.Add($"{table}: {was.Rows - now.Rows} of {was.Rows} row(s) deleted");
                continue;
            }

            foreach (var (column, (values, hash)) in was.Columns.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (!now.Columns.TryGetValue(column, out var kept))
                    continue;
                if (kept.Values < values)
                    losses.Add($"{table}.{column}: {values - kept.Values} value(s) set to NULL");
                else if (kept.Values == values && kept.Hash != hash)
                    losses.Add($"{table}.{column}: values changed (narrowed or rewritten)");
            }
        }

        return losses;
    }

    /// <summary>Reads every table of the database but the migration engines' bookkeeping tables.</summary>
    public static IReadOnlyDictionary<string, TableContent> Read(string provider, string connection)
    {
        using var db = Open(provider, connection);
        var content = new Dictionary<string, TableContent>(StringComparer.Ordinal);
        foreach (var table in Tables(db, provider))
            content[table] = ReadTable(db, table);
        return content;
    }

    private static List<string> Tables(DbConnection db, string provider)
    {
        using var command = db.CreateCommand();
        command.CommandText = provider == "sqlite"
            ? $"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ({MigrationHistory.SqlList})"
            : $"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ({MigrationHistory.SqlList})";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
            tables.Add(reader.GetString(0));
        return tables;
    }

    private static TableContent ReadTable(DbConnection db, string table)
    {
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT * FROM {Quote(table)}";
        using var reader = command.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var values = new long[names.Length];
        var hashes = new ulong[names.Length];
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            for (var i = 0; i < names.Length; i++)
            {
                if (reader.IsDBNull(i))
                    continue;
                values[i]++;
                // A sum of per-value hashes does not depend on row order, so tables without a key compare too.
                unchecked { hashes[i] += Hash(Text(reader.GetValue(i))); }
            }
        }

        return new TableContent(rows, names.Select((n, i) => (n, i)).ToDictionary(c => c.n, c => (values[c.i], hashes[c.i]), StringComparer.Ordinal));
    }

    /// <summary>A value as text, the same for equal values of different types (SQLite's 5 and '5', PostgreSQL's 1.50 and 1.5000).</summary>
    private static string Text(object value) => value switch
    {
        decimal d => d.ToString("G29", CultureInfo.InvariantCulture),
        double f => f.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // FNV-1a, 64 bit: deterministic across runs (string.GetHashCode is not), and fast enough for every value of a clone.
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
            hash = unchecked((hash ^ b) * 1099511628211UL);
        return hash;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static DbConnection Open(string provider, string connection)
    {
        DbConnection db = provider == "sqlite" ? new SqliteConnection(connection) : new NpgsqlConnection(connection);
        db.Open();
        return db;
    }
}
