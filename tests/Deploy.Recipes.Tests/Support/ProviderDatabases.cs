using Deploy.Recipes.Database;
using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Database.Sqlite;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// Base of fixtures that run once per provider (<c>sqlite</c>, <c>postgres</c>) on real databases: the provider's
/// engine, one throwaway PostgreSQL server per fixture (none for SQLite), and a temporary folder per test.
/// </summary>
public abstract class ProviderDatabases(string provider)
{
    private static int _databases;

    /// <summary>The provider under test.</summary>
    protected string Provider => provider;

    /// <summary>The provider's engine.</summary>
    protected IDatabaseEngine Engine { get; } = provider == "sqlite" ? new SqliteEngine() : new PostgresEngine();

    /// <summary>The fixture's PostgreSQL server; null for SQLite.</summary>
    protected ThrowawayPostgres? Server { get; private set; }

    /// <summary>This test's folder, removed after it.</summary>
    protected TemporaryFolder Folder { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartServer() => Server = provider == "postgres" ? ThrowawayPostgres.Start() : null;

    [OneTimeTearDown]
    public void StopServer() => Server?.Dispose();

    [SetUp]
    public void CreateFolder() => Folder = new TemporaryFolder();

    [TearDown]
    public void RemoveFolder() => Folder.Dispose();

    /// <summary>A name no other database of this run has: <paramref name="prefix"/>_N.</summary>
    protected static string UniqueName(string prefix) => $"{prefix}_{Interlocked.Increment(ref _databases)}";

    /// <summary>
    /// A new empty database: <c>production.db</c> in this test's folder (with <paramref name="sqliteOptions"/>) or a
    /// fresh database on the server named after <paramref name="prefix"/>. Returns its connection string.
    /// </summary>
    protected string NewDatabase(string prefix, string sqliteOptions = "Foreign Keys=True;Pooling=False") =>
        Server == null ? $"Data Source={Folder.Combine("production.db")};{sqliteOptions}" : Server.CreateDatabase(UniqueName(prefix));
}
