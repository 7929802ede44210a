namespace Deploy.Recipes.Database;

/// <summary>Creates the PostgreSQL engine.</summary>
internal static class PostgresEngineFactory
{
    public static IDatabaseEngine Create() => new Postgres.PostgresEngine();
}
