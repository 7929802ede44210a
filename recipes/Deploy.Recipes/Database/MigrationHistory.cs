using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Deploy.Recipes.Database;

/// <summary>
/// The migration engines' bookkeeping tables: what they are called, how a version is read from them, and whether a
/// database has one. Schema snapshots and the data-loss check leave them out: they record migrations, not the app's data.
/// </summary>
public static class MigrationHistory
{
    /// <summary>FluentMigrator's history table.</summary>
    public const string FluentMigratorTable = "VersionInfo";

    /// <summary>EF Core's history table.</summary>
    public const string EfCoreTable = "__EFMigrationsHistory";

    /// <summary>The table EF Core 9 and later lock while migrating SQLite.</summary>
    public const string EfCoreLockTable = "__EFMigrationsLock";

    /// <summary>Every bookkeeping table, excluded from snapshots and data-loss checks.</summary>
    public static IReadOnlyList<string> BookkeepingTables { get; } = [FluentMigratorTable, EfCoreTable, EfCoreLockTable];

    /// <summary>The bookkeeping tables as an SQL list of string literals, for <c>NOT IN (...)</c>.</summary>
    public static string SqlList => string.Join(", ", BookkeepingTables.Select(t => "'" + t + "'"));

    /// <summary>True when <paramref name="table"/> is a bookkeeping table (case-insensitive, as PostgreSQL folds unquoted names).</summary>
    public static bool IsBookkeeping(string table) => BookkeepingTables.Contains(table, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The version of an EF Core migration id: the timestamp it starts with (<c>20250101120000_AddNotes</c> is
    /// 20250101120000). Throws <see cref="InvalidDataException"/> naming the id when it does not start with one.
    /// </summary>
    public static long VersionOfEfCoreId(string migrationId)
    {
        var digits = migrationId.Split('_', 2)[0];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new InvalidDataException(
                $"EF Core migration id '{migrationId}' does not start with a timestamp such as 20250101120000_: the recipe orders and records migrations by it (dotnet ef migrations add names them that way).");
        return version;
    }

    /// <summary>
    /// True when the database behind <paramref name="connection"/> has <paramref name="table"/>. Creates nothing: a
    /// database that does not exist yet has no table.
    /// </summary>
    public static bool TableExists(string provider, string connection, string table)
    {
        switch (provider)
        {
            case "sqlite":
            {
                var file = new SqliteConnectionStringBuilder(connection).DataSource;
                if (!File.Exists(file))
                    return false;
                using var db = new SqliteConnection(new SqliteConnectionStringBuilder(connection) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                db.Open();
                using var command = db.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
                command.Parameters.AddWithValue("$name", table);
                return (long)command.ExecuteScalar()! > 0;
            }
            case "postgres":
            {
                var target = Postgres.PostgresTarget.Parse(connection);
                return Postgres.PostgresFailure.Guard($"Looking for {table} in {target.Describe()}", target, () =>
                {
                    using var session = new NpgsqlConnection(target.EngineConnectionString());
                    try
                    {
                        session.Open();
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
                    {
                        return false;
                    }

                    using var command = new NpgsqlCommand("SELECT to_regclass(quote_ident('public') || '.' || quote_ident(@table)) IS NOT NULL", session);
                    command.Parameters.AddWithValue("table", table);
                    return (bool)command.ExecuteScalar()!;
                });
            }
            default:
                throw new ArgumentException($"Database provider '{provider}' is not supported: use sqlite or postgres.");
        }
    }
}
