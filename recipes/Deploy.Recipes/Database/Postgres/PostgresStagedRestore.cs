using System.Diagnostics;
using System.Text;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// A PostgreSQL restore that never works on the live database in place. Staging restores the backup with
/// <c>pg_restore --exit-on-error --no-owner</c> into a fresh database <c>&lt;db&gt;_restoring</c> beside it; a damaged
/// backup or a failing statement drops that database again and the live one was never touched. Replacing swaps by
/// rename: the live database stops taking new sessions, the sessions still on it (the app's pool; customers are held
/// back by maintenance mode) are ended, it is renamed to <c>&lt;db&gt;_before_restore</c>, and the restored database
/// takes its name. A failure at any point of the swap renames back and lets sessions in again.
/// </summary>
/// <remarks>
/// The replaced database is kept under <c>&lt;db&gt;_before_restore</c> (new sessions refused) until the next restore
/// drops it: writes that reached it after the safety backup are not lost. Only sessions on the database being
/// replaced are ended, never those on other databases of the server. The restored database belongs to the restoring
/// role; database-level settings of the old one (<c>ALTER DATABASE ... SET</c>, grants on the database) are not
/// carried over.
/// </remarks>
internal sealed class PostgresStagedRestore : IStagedRestore
{
    /// <summary>The comment of a database being restored into; only such a database is dropped as a leftover.</summary>
    public const string StagingMarker = "Deploy.Recipes restore in progress";

    /// <summary>The comment of a database replaced by a restore; only such a database is dropped by the next restore.</summary>
    public const string ReplacedMarker = "Deploy.Recipes database replaced by a restore";

    private static readonly TimeSpan SessionsEndWait = TimeSpan.FromSeconds(15);
    private readonly PostgresTarget live;
    private readonly string staging;
    private readonly string aside;
    private bool replaced;

    public PostgresStagedRestore(PostgresTools tools, TimeSpan toolTimeout, string backupFile, string liveConnection)
    {
        live = PostgresTarget.Parse(liveConnection);
        staging = NameBeside(live.Database, "_restoring");
        aside = NameBeside(live.Database, "_before_restore");
        var path = Path.GetFullPath(backupFile);
        var doing = $"Restoring {path} beside {live.Describe()} (into \"{staging}\")";
        if (!File.Exists(path))
            throw new PostgresEngineException($"{doing} failed: the backup file does not exist.");

        PostgresFailure.Guard(doing, live, () =>
        {
            using var server = PostgresServer.Connect(live, live.Database, staging);
            DropLeftover(server, staging, StagingMarker, doing);
            if (server.Exists(live.Database))
                server.CreateEmptyLike(staging, live.Database);
            else
                server.CreateEmpty(staging);
            server.Comment(staging, $"{StagingMarker} for {live.Database}, started {DateTimeOffset.UtcNow:u}");
            try
            {
                var restore = new ToolCommand(tools.Find("pg_restore", server.MajorVersion),
                    ["--exit-on-error", "--no-owner", ToolCommand.DatabaseArgument(staging), path], live, staging);
                ToolProcess.Run(restore, doing, toolTimeout);
            }
            catch
            {
                server.DropOwn(staging);
                throw;
            }
        });
    }

    public string Connection => live.ConnectionStringFor(staging);

    public string Method => $"pg_restore into \"{staging}\", then swapped by rename (the replaced database is kept as \"{aside}\")";

    public void Replace()
    {
        var doing = $"Swapping the restored \"{staging}\" in as {live.Describe()}";
        PostgresFailure.Guard(doing, live, () =>
        {
            using var server = PostgresServer.Connect(live, live.Database, staging, aside);
            if (!server.Exists(staging) || !server.IsMarked(staging, StagingMarker))
                throw new PostgresEngineException($"{doing} failed: the restored database \"{staging}\" is gone.");
            DropLeftover(server, aside, ReplacedMarker, doing);
            var hadLive = server.Exists(live.Database);
            if (hadLive)
                MoveAside(server, doing);
            try
            {
                server.Rename(staging, live.Database);
            }
            catch when (hadLive)
            {
                server.Rename(aside, live.Database);
                server.Comment(live.Database, null);
                server.AllowConnections(live.Database, true);
                throw;
            }

            server.Comment(live.Database, null);
            if (hadLive)
                server.Comment(aside, $"{ReplacedMarker} at {DateTimeOffset.UtcNow:u}; dropped by the next restore");
            replaced = true;
        });
    }

    public void Dispose()
    {
        if (replaced)
            return;
        PostgresFailure.Guard($"Dropping the unused restore \"{staging}\"", live, () =>
        {
            using var server = PostgresServer.Connect(live, live.Database, staging);
            if (server.Exists(staging) && server.IsMarked(staging, StagingMarker))
                server.DropOwn(staging);
        });
    }

    /// <summary>
    /// Stops new sessions, ends the ones there are, renames the live database aside. Undone when any of it fails.
    /// </summary>
    private void MoveAside(PostgresServer server, string doing)
    {
        server.AllowConnections(live.Database, false);
        try
        {
            server.TerminateSessions(live.Database);
            var clock = Stopwatch.StartNew();
            while (server.OtherSessions(live.Database) > 0)
            {
                if (clock.Elapsed > SessionsEndWait)
                    throw new PostgresEngineException(
                        $"{doing} failed: {server.OtherSessions(live.Database)} session(s) on \"{live.Database}\" did not end within {SessionsEndWait.TotalSeconds:0} s " +
                        "(ending another role's sessions needs membership in pg_signal_backend). The live database was left in place.");
                Thread.Sleep(50);
                server.TerminateSessions(live.Database);
            }

            server.Rename(live.Database, aside);
        }
        catch
        {
            server.AllowConnections(live.Database, true);
            throw;
        }
    }

    private static void DropLeftover(PostgresServer server, string database, string marker, string doing)
    {
        if (!server.Exists(database))
            return;
        if (!server.IsMarked(database, marker))
            throw new PostgresEngineException(
                $"{doing} failed: a database named \"{database}\" already exists and was not made by Deploy.Recipes " +
                $"(its comment does not start with \"{marker}\"); it was left alone. Rename or drop it, then rerun.");
        server.DropOwn(database);
    }

    /// <summary><paramref name="database"/> with <paramref name="suffix"/>, the database part shortened to fit PostgreSQL's 63 bytes.</summary>
    private static string NameBeside(string database, string suffix)
    {
        var stem = database;
        while (Encoding.UTF8.GetByteCount(stem + suffix) > 63)
            stem = stem[..^1];
        return stem + suffix;
    }
}
