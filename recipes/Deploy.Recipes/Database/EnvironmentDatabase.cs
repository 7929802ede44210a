using Deploy.Recipes.Database.Backups;
using Deploy.Recipes.Database.Sqlite;
using Deploy.Recipes.Hosting;
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
        Environment = context.Settings.Environment;
        KeepBackups = context.Settings.KeepBackups;
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

    /// <summary>The environment's name, recorded in each backup.</summary>
    public string Environment { get; init; } = "";

    /// <summary>How many backups pruning keeps (setting <c>keep-backups</c>).</summary>
    public int KeepBackups { get; init; } = 10;

    /// <summary>The environment's backups, with what each holds.</summary>
    public BackupCatalog Catalog => new(Backups, Environment);

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

    /// <summary>
    /// Backs up the database (null when there is none yet), records it in the catalog, then prunes the catalog to
    /// <see cref="KeepBackups"/>. Refuses a keep-backups below 1 before anything is written.
    /// </summary>
    public TakenBackup? BackUp(string reason)
    {
        CheckKeepBackups();
        if (!Exists)
            return null;
        var catalog = Catalog;
        var record = catalog.Write(Engine, Connection, reason);
        return new TakenBackup(record, catalog.PathOf(record), catalog.Prune(KeepBackups));
    }

    /// <summary>Throws when <see cref="KeepBackups"/> is not a usable number, naming it and what is valid.</summary>
    public void CheckKeepBackups()
    {
        if (KeepBackups < 1)
            throw new RecipeUsageException($"Setting 'keep-backups' is {KeepBackups}: keep at least 1 backup per environment (default 10).");
    }

    private static IDatabaseEngine EngineFor(string provider) => provider switch
    {
        "sqlite" => new SqliteEngine(),
        "postgres" => PostgresEngineFactory.Create(),
        _ => throw new ArgumentException($"Database provider '{provider}' is not supported: use sqlite or postgres."),
    };
}

/// <summary>A backup just taken: its record, its path, and the older backups pruning removed after it.</summary>
public sealed record TakenBackup(BackupRecord Record, string File, IReadOnlyList<BackupRecord> Pruned);
