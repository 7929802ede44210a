namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// Finds the client tools (pg_dump, pg_restore) matching a server's major version: an explicit folder when given,
/// else the version's own folder (<c>/usr/lib/postgresql/&lt;major&gt;/bin</c> on Debian and Ubuntu,
/// <c>/usr/pgsql-&lt;major&gt;/bin</c> on RHEL), else the first one on PATH. pg_dump refuses servers newer than
/// itself, so a matching version is preferred over whatever PATH holds.
/// </summary>
internal sealed class PostgresTools(string? toolDirectory = null)
{
    public string Find(string tool, int serverMajorVersion)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(toolDirectory))
            candidates.Add(Path.Combine(toolDirectory, tool));
        candidates.Add($"/usr/lib/postgresql/{serverMajorVersion}/bin/{tool}");
        candidates.Add($"/usr/pgsql-{serverMajorVersion}/bin/{tool}");
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(folder, tool));
            if (OperatingSystem.IsWindows())
                candidates.Add(Path.Combine(folder, tool + ".exe"));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new PostgresEngineException(
                $"{tool} was not found for PostgreSQL {serverMajorVersion}: looked in {string.Join(", ", candidates.Take(3))} and on PATH. " +
                $"Install the PostgreSQL {serverMajorVersion} client tools (Debian/Ubuntu: apt-get install postgresql-client-{serverMajorVersion}).");
    }
}
