namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// A PostgreSQL operation of the recipe failed. The message says what was being done and why it failed; it never
/// holds a password (connection strings and tool output are redacted before they get here).
/// </summary>
public sealed class PostgresEngineException(string message, Exception? inner = null) : Exception(message, inner);
