namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// One run of a libpq tool against <paramref name="Target"/>'s server: the executable, its arguments (never a
/// password: that travels in PGPASSWORD) and the database it connects to.
/// </summary>
internal sealed record ToolCommand(string Executable, IReadOnlyList<string> Arguments, PostgresTarget Target, string Database)
{
    public string Name => Path.GetFileName(Executable);

    /// <summary>
    /// A libpq connection-info value naming only the database, for <c>--dbname</c>: host, port, user and password come
    /// from the environment, and a database name holding '=' or starting with "postgres://" is still read as a name.
    /// </summary>
    public static string DatabaseArgument(string database) =>
        "--dbname=dbname='" + database.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
