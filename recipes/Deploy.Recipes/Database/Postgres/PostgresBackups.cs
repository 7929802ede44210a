using System.Diagnostics;
using Npgsql;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// Full backups in pg_dump's custom format (<c>pg_dump -Fc</c>), using the pg_dump that matches the server's major
/// version. They are restored by <see cref="PostgresStagedRestore"/>, never over the live database in place.
/// </summary>
internal sealed class PostgresBackups(PostgresTools tools, TimeSpan toolTimeout)
{
    /// <summary>
    /// Writes the backup next to <paramref name="file"/> first and moves it into place when pg_dump succeeded, so a
    /// file of that name is always a complete backup.
    /// </summary>
    public BackupResult Backup(string connection, string file)
    {
        var elapsed = Stopwatch.StartNew();
        var target = PostgresTarget.Parse(connection);
        var path = Path.GetFullPath(file);
        var doing = $"Backing up {target.Describe()} to {path}";
        var major = ServerMajorVersion(target, doing);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        try
        {
            var dump = new ToolCommand(tools.Find("pg_dump", major),
                ["--format=custom", "--file=" + partial, ToolCommand.DatabaseArgument(target.Database)], target, target.Database);
            ToolProcess.Run(dump, doing, toolTimeout);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        return new BackupResult(path, new FileInfo(path).Length, elapsed.Elapsed);
    }

    /// <summary>Connects to the database itself (which also proves it exists and the credentials work).</summary>
    private static int ServerMajorVersion(PostgresTarget target, string doing) =>
        PostgresFailure.Guard(doing, target, () =>
        {
            using var connection = new NpgsqlConnection(target.EngineConnectionString());
            connection.Open();
            return connection.PostgreSqlVersion.Major;
        });
}
