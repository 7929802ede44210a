namespace Deploy.Recipes.Database.Postgres;

/// <summary>Quoting for the few statements that cannot take parameters (CREATE/DROP DATABASE, COMMENT ON).</summary>
internal static class SqlText
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>A string literal; relies on standard_conforming_strings (on by default since PostgreSQL 9.1).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
