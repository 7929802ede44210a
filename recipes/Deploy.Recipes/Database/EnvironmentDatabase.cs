using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Releases;
using Microsoft.Data.Sqlite;

namespace Deploy.Recipes.Database;

/// <summary>
/// One environment's database as the recipe handles it: which engine, its connection, its staging clone (always the
/// same name, so Validate finds what StagingClone made) and where its backups go.
/// </summary>
public sealed class EnvironmentDatabase
{
    /// <summary>Describes the database of the context's environment.</summary>
    public EnvironmentDatabase(DeployContext context)
        : this(context.Settings.Database, context.DatabaseConnection, EngineFor(context.Settings.Database),
            context.Settings.Environment.Replace('-', '_') + "_staging", Path.Combine(context.Paths.EnvironmentFolder, "backups"))
    {
        Directory.CreateDirectory(context.Paths.Data);
    }

    /// <summary>Describes a database directly (for tools and tests).</summary>
    public EnvironmentDatabase(string provider, string connection, IDatabaseEngine engine, string cloneName, string backups)
    {
        Provider = provider;
        Connection = connection;
        Engine = engine;
        CloneName = cloneName;
        Backups = backups;
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider { get; }

    /// <summary>The environment's connection string (may hold a password: never show it).</summary>
    public string Connection { get; }

    /// <summary>The engine for <see cref="Provider"/>.</summary>
    public IDatabaseEngine Engine { get; }

    /// <summary>The staging clone's name.</summary>
    public string CloneName { get; }

    /// <summary>Where backups are kept.</summary>
    public string Backups { get; }

    /// <summary>The staging clone's connection string.</summary>
    public string CloneConnection => Provider switch
    {
        "sqlite" => new SqliteConnectionStringBuilder(Connection)
        {
            DataSource = Path.Combine(Path.GetDirectoryName(SqliteEngine.FileOf(Connection))!, CloneName + ".db"),
        }.ToString(),
        _ => new Npgsql.NpgsqlConnectionStringBuilder(Connection) { Database = CloneName }.ToString(),
    };

    /// <summary>True when the environment's database exists yet (a first deploy starts from none).</summary>
    public bool Exists => Provider != "sqlite" || File.Exists(SqliteEngine.FileOf(Connection));

    /// <summary>A new backup file name for the database at schema version <paramref name="version"/>.</summary>
    public string NextBackup(long version) =>
        Path.Combine(Backups, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-schema-{version}.{(Provider == "sqlite" ? "db" : "dump")}");

    /// <summary>The newest backup, or null.</summary>
    public string? NewestBackup() =>
        Directory.Exists(Backups) ? Directory.GetFiles(Backups).Order(StringComparer.Ordinal).LastOrDefault() : null;

    private static IDatabaseEngine EngineFor(string provider) => provider switch
    {
        "sqlite" => new SqliteEngine(),
        "postgres" => PostgresEngineFactory.Create(),
        _ => throw new ArgumentException($"Database provider '{provider}' is not supported: use sqlite or postgres."),
    };
}
