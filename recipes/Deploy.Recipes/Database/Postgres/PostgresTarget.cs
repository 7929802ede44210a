using Npgsql;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// One database on one server, parsed from an Npgsql connection string. Knows how to describe itself without its
/// password, how to reach a sibling database on the same server, and what environment the libpq tools (pg_dump,
/// pg_restore) need to connect to it, password included, so that no password is ever put on a command line.
/// </summary>
internal sealed class PostgresTarget
{
    private readonly NpgsqlConnectionStringBuilder builder;

    private PostgresTarget(NpgsqlConnectionStringBuilder builder)
    {
        this.builder = builder;
    }

    /// <summary>Parses a connection string; the error, if any, never repeats the string (it may hold a password).</summary>
    public static PostgresTarget Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new PostgresEngineException("The PostgreSQL connection string is empty.");
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Not chained: the parser's message can quote the offending part of the string.
            // The string itself is not repeated either: when it is malformed, redaction cannot be sure where the password ends.
            throw new PostgresEngineException($"The PostgreSQL connection string is not valid: {SecretRedactor.Redact(e.Message)}");
        }

        if (string.IsNullOrEmpty(parsed.Database))
            throw new PostgresEngineException(
                $"The PostgreSQL connection string for {parsed.Host ?? "localhost"}:{parsed.Port} names no database (add Database=...).");
        return new PostgresTarget(parsed);
    }

    public string Database => builder.Database!;

    public string? Password => builder.Password;

    /// <summary>For messages: <c>database "shop" on db.example:5432 as deployer</c>; never the password.</summary>
    public string Describe() =>
        $"database \"{Database}\" on {builder.Host ?? "localhost"}:{builder.Port}{(string.IsNullOrEmpty(builder.Username) ? "" : " as " + builder.Username)}";

    /// <summary>The user's connection string pointed at another database of the same server (settings kept as given).</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = database }.ConnectionString;

    /// <summary>
    /// The string the engine itself connects with: no pooling, so that the engine never leaves idle sessions on a
    /// database (an idle pooled session on the source would count as "other users" and block a template copy).
    /// </summary>
    public string EngineConnectionString(string? database = null) =>
        new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            Database = database ?? Database,
            Pooling = false,
            ApplicationName = "Deploy.Recipes",
        }.ConnectionString;

    /// <summary>Redacts this target's password (and any connection-string password) from text meant for a message.</summary>
    public string Redact(string? text) => SecretRedactor.Redact(text, Password);

    /// <summary>
    /// The libpq environment for a tool connecting to <paramref name="database"/> (this one by default):
    /// PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, SSL settings and the connect timeout.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToolEnvironment(string? database = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PGDATABASE"] = database ?? Database,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGAPPNAME"] = "Deploy.Recipes",
            ["PGCONNECT_TIMEOUT"] = Math.Max(2, builder.Timeout).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGSSLMODE"] = builder.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            },
        };
        AddIfSet(environment, "PGHOST", builder.Host);
        AddIfSet(environment, "PGUSER", builder.Username);
        AddIfSet(environment, "PGPASSWORD", builder.Password);
        AddIfSet(environment, "PGSSLROOTCERT", builder.RootCertificate);
        AddIfSet(environment, "PGSSLCERT", builder.SslCertificate);
        AddIfSet(environment, "PGSSLKEY", builder.SslKey);
        return environment;
    }

    private static void AddIfSet(Dictionary<string, string> environment, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            environment[key] = value;
    }
}
