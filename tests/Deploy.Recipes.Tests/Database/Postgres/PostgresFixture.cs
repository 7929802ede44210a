using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Postgres;

/// <summary>One throwaway PostgreSQL server per test class, stopped when the class is done, and the engine under test.</summary>
public abstract class PostgresFixture
{
    protected readonly PostgresEngine engine = new();
    protected ThrowawayPostgres server = null!;

    [OneTimeSetUp]
    public void Start_server() => server = ThrowawayPostgres.Start();

    [OneTimeTearDown]
    public void Stop_server() => server?.Dispose();
}
