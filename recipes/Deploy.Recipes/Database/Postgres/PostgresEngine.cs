using Npgsql;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// <see cref="IDatabaseEngine"/> for PostgreSQL: clones on the same server (template copy when the source is idle,
/// <c>pg_dump | pg_restore</c> while it is in use), backups with pg_dump's custom format, schema snapshots of the
/// <c>public</c> schema. Connection strings are Npgsql's; passwords reach pg_dump/pg_restore through PGPASSWORD only
/// and never appear in an error message.
/// </summary>
/// <param name="toolDirectory">
/// Where pg_dump and pg_restore are, when not in <c>/usr/lib/postgresql/&lt;server major&gt;/bin</c> or on PATH.
/// </param>
public sealed class PostgresEngine(string? toolDirectory = null) : IDatabaseEngine
{
    private readonly PostgresTools tools = new(toolDirectory);

    /// <inheritdoc />
    public string Provider => "postgres";

    /// <summary>How long one pg_dump / pg_restore run may take before it is stopped and reported as failed.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <inheritdoc />
    public CloneResult Clone(string sourceConnection, string cloneName) =>
        new PostgresCloner(tools, ToolTimeout).Clone(sourceConnection, cloneName);

    /// <summary>
    /// Drops the clone (ending its sessions). Refuses a database that <see cref="Clone"/> did not make, so a production
    /// connection string passed here by mistake drops nothing.
    /// </summary>
    public void DropClone(string cloneConnection)
    {
        var clone = PostgresTarget.Parse(cloneConnection);
        var doing = $"Dropping the clone {clone.Describe()}";
        PostgresFailure.Guard(doing, clone, () =>
        {
            using var server = PostgresServer.Connect(clone, clone.Database);
            if (!server.Exists(clone.Database))
                return;
            if (!server.IsClone(clone.Database))
                throw new PostgresEngineException(
                    $"{doing} failed: it is not a staging clone made by Deploy.Recipes (its comment does not start with " +
                    $"\"{PostgresServer.CloneMarker}\"); it was left alone.");
            server.DropClone(clone.Database);
        });
    }

    /// <inheritdoc />
    public BackupResult Backup(string connection, string file) =>
        new PostgresBackups(tools, ToolTimeout).Backup(connection, file);

    /// <inheritdoc />
    public IStagedRestore StageRestore(string file, string connection) =>
        new PostgresStagedRestore(tools, ToolTimeout, file, connection);

    /// <inheritdoc />
    public void Restore(string file, string connection)
    {
        using var staged = StageRestore(file, connection);
        staged.Replace();
    }

    /// <inheritdoc />
    public long? SchemaVersion(string connection)
    {
        var target = PostgresTarget.Parse(connection);
        return PostgresFailure.Guard<long?>($"Reading the schema version of {target.Describe()}", target, () =>
        {
            using var session = new NpgsqlConnection(target.EngineConnectionString());
            try
            {
                session.Open();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                return null;
            }

            var versions = new List<long>();
            using (var exists = new NpgsqlCommand("""SELECT to_regclass('public."VersionInfo"') IS NOT NULL""", session))
            {
                if ((bool)exists.ExecuteScalar()!)
                {
                    using var latest = new NpgsqlCommand("""SELECT max("Version") FROM public."VersionInfo" """, session);
                    if (latest.ExecuteScalar() is long version)
                        versions.Add(version);
                }
            }

            using (var exists = new NpgsqlCommand("""SELECT to_regclass('public."__EFMigrationsHistory"') IS NOT NULL""", session))
            {
                if ((bool)exists.ExecuteScalar()!)
                {
                    using var ids = new NpgsqlCommand("""SELECT "MigrationId" FROM public."__EFMigrationsHistory" """, session);
                    using var reader = ids.ExecuteReader();
                    while (reader.Read())
                        versions.Add(MigrationHistory.VersionOfEfCoreId(reader.GetString(0)));
                }
            }

            return versions.Count == 0 ? null : versions.Max();
        });
    }

    /// <inheritdoc />
    public SchemaSnapshot Snapshot(string connection)
    {
        var target = PostgresTarget.Parse(connection);
        return PostgresFailure.Guard($"Reading the schema of {target.Describe()}", target, () =>
        {
            using var session = new NpgsqlConnection(target.EngineConnectionString());
            session.Open();
            return PostgresSchemaReader.Read(session);
        });
    }

    /// <inheritdoc />
    public long SizeBytes(string connection)
    {
        var target = PostgresTarget.Parse(connection);
        return PostgresFailure.Guard($"Measuring {target.Describe()}", target, () =>
        {
            using var session = new NpgsqlConnection(target.EngineConnectionString());
            session.Open();
            using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", session);
            return (long)command.ExecuteScalar()!;
        });
    }
}
