using Npgsql;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// A session on the server's maintenance database (<c>postgres</c>, or <c>template1</c> when <c>postgres</c> is one of
/// the databases being worked on), for what has to be done from outside a database: whether it exists, who is
/// connected to it, creating, marking, dropping and measuring databases. Being connected elsewhere matters: a
/// session on the source would itself block <c>CREATE DATABASE ... TEMPLATE source</c>.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    /// <summary>Written as the comment of every clone; only databases carrying it are ever dropped.</summary>
    public const string CloneMarker = "Deploy.Recipes staging clone";

    private readonly NpgsqlConnection connection;

    private PostgresServer(NpgsqlConnection connection)
    {
        this.connection = connection;
    }

    public int MajorVersion => connection.PostgreSqlVersion.Major;

    public static PostgresServer Connect(PostgresTarget target, params string[] busyDatabases)
    {
        var candidates = new[] { "postgres", "template1" }.Where(d => !busyDatabases.Contains(d)).ToList();
        for (var i = 0; ; i++)
        {
            var connection = new NpgsqlConnection(target.EngineConnectionString(candidates[i]));
            try
            {
                connection.Open();
                return new PostgresServer(connection);
            }
            catch (PostgresException e) when (i + 1 < candidates.Count && e.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InsufficientPrivilege)
            {
                connection.Dispose();
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
    }

    public bool Exists(string database) =>
        Scalar<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", database);

    /// <summary>Sessions connected to <paramref name="database"/> other than autovacuum workers (which PostgreSQL stops itself).</summary>
    public int OtherSessions(string database) =>
        (int)Scalar<long>("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type IS DISTINCT FROM 'autovacuum worker'
            """, database);

    public bool IsClone(string database) =>
        Scalar<bool>("""
            SELECT coalesce((SELECT shobj_description(oid, 'pg_database') LIKE $2 || '%' FROM pg_database WHERE datname = $1), false)
            """, database, CloneMarker);

    /// <summary>The fast copy: file-level, needs no other session on <paramref name="source"/> (new ones wait for it).</summary>
    public void CreateFromTemplate(string clone, string source) =>
        Execute($"CREATE DATABASE {SqlText.Identifier(clone)} TEMPLATE {SqlText.Identifier(source)}");

    /// <summary>
    /// An empty database from <c>template0</c> (pg_restore's advice: nothing in it can clash with the dump) with the
    /// source's encoding and locale, so text sorts and compares the same in the clone.
    /// </summary>
    public void CreateEmptyLike(string clone, string source)
    {
        var icuColumn = MajorVersion >= 17 ? "datlocale" : "daticulocale";
        var providerColumns = MajorVersion >= 15 ? $", datlocprovider::text, {icuColumn}" : ", 'c', NULL";
        using var command = new NpgsqlCommand(
            $"SELECT pg_encoding_to_char(encoding), datcollate, datctype{providerColumns} FROM pg_database WHERE datname = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = source });
        string sql;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
                throw new PostgresEngineException($"The source database \"{source}\" does not exist.");
            sql = $"CREATE DATABASE {SqlText.Identifier(clone)} TEMPLATE template0 ENCODING {SqlText.Literal(reader.GetString(0))} " +
                  $"LC_COLLATE {SqlText.Literal(reader.GetString(1))} LC_CTYPE {SqlText.Literal(reader.GetString(2))}";
            if (reader.GetString(3) == "i" && !reader.IsDBNull(4))
                sql += $" LOCALE_PROVIDER icu ICU_LOCALE {SqlText.Literal(reader.GetString(4))}";
        }

        Execute(sql);
    }

    public void MarkAsClone(string clone, string source) =>
        Execute($"COMMENT ON DATABASE {SqlText.Identifier(clone)} IS {SqlText.Literal($"{CloneMarker} of {source}, made {DateTimeOffset.UtcNow:u}")}");

    /// <summary>Drops a clone, ending its sessions; only ever called for databases that carry the clone marker.</summary>
    public void DropClone(string clone)
    {
        var force = MajorVersion >= 13 ? " WITH (FORCE)" : "";
        Execute($"DROP DATABASE IF EXISTS {SqlText.Identifier(clone)}{force}");
    }

    /// <summary>True when <paramref name="database"/>'s comment starts with <paramref name="marker"/>.</summary>
    public bool IsMarked(string database, string marker) =>
        Scalar<bool>("""
            SELECT coalesce((SELECT shobj_description(oid, 'pg_database') LIKE $2 || '%' FROM pg_database WHERE datname = $1), false)
            """, database, marker);

    /// <summary>Sets (or, with null, removes) a database's comment.</summary>
    public void Comment(string database, string? text) =>
        Execute($"COMMENT ON DATABASE {SqlText.Identifier(database)} IS {(text == null ? "NULL" : SqlText.Literal(text))}");

    /// <summary>An empty database from <c>template0</c> with the server's defaults.</summary>
    public void CreateEmpty(string database) =>
        Execute($"CREATE DATABASE {SqlText.Identifier(database)} TEMPLATE template0");

    /// <summary>Whether new sessions may connect to <paramref name="database"/>; existing ones are not affected.</summary>
    public void AllowConnections(string database, bool allow) =>
        Execute($"ALTER DATABASE {SqlText.Identifier(database)} WITH ALLOW_CONNECTIONS {(allow ? "true" : "false")}");

    /// <summary>Ends every other session connected to <paramref name="database"/> (and only to it).</summary>
    public void TerminateSessions(string database) =>
        Scalar<long>("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type IS DISTINCT FROM 'autovacuum worker'
            """, database);

    public void Rename(string database, string newName) =>
        Execute($"ALTER DATABASE {SqlText.Identifier(database)} RENAME TO {SqlText.Identifier(newName)}");

    /// <summary>Drops a database this recipe made (a staging copy, a replaced database), ending its sessions.</summary>
    public void DropOwn(string database) => DropClone(database);

    public long Size(string database) => Scalar<long>("SELECT pg_database_size($1::name)", database);

    public void Dispose() => connection.Dispose();

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)command.ExecuteScalar()!;
    }
}
